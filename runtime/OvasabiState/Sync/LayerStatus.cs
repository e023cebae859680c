using System;
using OvasabiState.Storage;

namespace OvasabiState.Sync;

/// <summary>How one layer is doing, as the sync status shows it.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Available">False when the browser refused it (private mode, blocked): the app runs from the other layers.</param>
/// <param name="Entries">Records of the current user held in the layer.</param>
/// <param name="Bytes">Stored bytes of those records (as stored: base64 text counts its characters).</param>
/// <param name="LastSync">When a flush last succeeded in this layer.</param>
/// <param name="PendingWrites">Records written in memory that this layer has not received yet.</param>
/// <param name="LastFailure">The kind of the last error, if the last operation failed.</param>
/// <param name="LastError">The last error's message, if the last operation failed.</param>
public sealed record LayerStatus(
    StateLayer Layer,
    bool Available,
    int Entries,
    long Bytes,
    DateTimeOffset? LastSync,
    int PendingWrites,
    StorageFailure? LastFailure,
    string? LastError);
