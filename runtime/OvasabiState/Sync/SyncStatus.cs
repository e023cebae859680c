using System;
using System.Collections.Generic;

namespace OvasabiState.Sync;

/// <summary>A snapshot of the whole state system: per-layer health, network, conflicts, maintenance.</summary>
/// <param name="UserId">The current (anonymous) user.</param>
/// <param name="Online">The browser's network state.</param>
/// <param name="Layers">One entry per layer, memory first.</param>
/// <param name="ConflictCount">Conflicts in the log.</param>
/// <param name="RetentionRemoved">Records deleted by retention since start-up.</param>
/// <param name="LastRetentionRun">When retention last ran.</param>
public sealed record SyncStatus(
    string UserId,
    bool Online,
    IReadOnlyList<LayerStatus> Layers,
    int ConflictCount,
    int RetentionRemoved,
    DateTimeOffset? LastRetentionRun);
