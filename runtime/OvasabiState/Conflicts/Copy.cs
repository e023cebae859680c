using OvasabiState.Sync;
using OvasabiState.Versions;

namespace OvasabiState.Conflicts;

/// <summary>One copy of a record: where it was found, its stamp, and its value (none for a tombstone).</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Layer">The layer the copy came from (memory for a tab's own copy).</param>
/// <param name="Stamp">The copy's stamp.</param>
/// <param name="Value">The decoded value; default for a tombstone.</param>
/// <param name="Payload">The serialized value; empty for a tombstone.</param>
internal sealed record Copy<T>(StateLayer Layer, StateStamp Stamp, T? Value, byte[] Payload)
{
    /// <summary>The copy's version.</summary>
    public StateVersion Version => Stamp.Version;

    /// <summary>True for a tombstone.</summary>
    public bool Deleted => Stamp.Deleted;

    /// <summary>The same copy as found in another layer.</summary>
    public Copy<T> In(StateLayer layer) => layer == Layer ? this : this with { Layer = layer };
}
