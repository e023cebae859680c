using OvasabiState.Storage;
using OvasabiState.Versions;

namespace OvasabiState.Stores;

/// <summary>What a tab knows one lower layer holds of a record.</summary>
internal enum LayerState : byte
{
    /// <summary>Not read (the layer was unavailable): the next write expects nothing and learns what is there.</summary>
    Unknown = 0,

    /// <summary>The layer holds no copy.</summary>
    Absent = 1,

    /// <summary>The layer holds the copy <see cref="LayerSync.Version"/>.</summary>
    Holds = 2,
}

/// <summary>
/// What a tab knows one lower layer holds of a record: the state, the version and the token the
/// layer stores beside it, and the layer's write counter when this was learned. A write to the
/// layer expects exactly this copy (compare-and-set); every write to a layer being so, the
/// layer's copies of a record form one line, so the copy known here is an ancestor of whatever
/// the layer holds later: the exact base of a three-way merge.
/// </summary>
internal readonly record struct LayerSync(LayerState State, StateVersion Version, string? Token, long Counter)
{
    /// <summary>Nothing known.</summary>
    public static LayerSync Unknown => new(LayerState.Unknown, StateVersion.None, null, IndexedDbRead.UnknownCounter);

    /// <summary>The layer holds nothing (read or written at <paramref name="counter"/>).</summary>
    public static LayerSync Absent(long counter) => new(LayerState.Absent, StateVersion.None, null, counter);

    /// <summary>The layer holds <paramref name="version"/>, stored with <paramref name="token"/>.</summary>
    public static LayerSync Holds(StateVersion version, string? token, long counter) => new(LayerState.Holds, version, token, counter);

    /// <summary>The token a compare-and-set write expects to find: null for no copy (also when nothing is known, so a copy found comes back to be reconciled).</summary>
    public string? Expected => State == LayerState.Holds ? Token : null;

    /// <summary>The counter to vouch with: only a known state may skip the layer's read.</summary>
    public long SeenCounter => State == LayerState.Unknown ? IndexedDbRead.UnknownCounter : Counter;
}
