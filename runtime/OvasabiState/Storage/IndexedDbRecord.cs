using System.Collections.Generic;

namespace OvasabiState.Storage;

/// <summary>
/// One object in an IndexedDB store as the storage boundary sees it: the key, the stored bytes
/// (stamp and payload), and the values of the store's indexed members as plain properties.
/// </summary>
/// <param name="Key">The record's key.</param>
/// <param name="Value">The stored bytes.</param>
/// <param name="IndexValues">Index name to the record's value for that index (an array key for a compound index).</param>
public sealed record IndexedDbRecord(IndexKey Key, byte[] Value, IReadOnlyDictionary<string, IndexKey> IndexValues)
{
    /// <summary>
    /// The version token the object was stored with (the <c>$ver</c> property), which
    /// compare-and-set writes compare; empty for an object stored without one (by an older build).
    /// </summary>
    public string Version { get; init; } = string.Empty;
}
