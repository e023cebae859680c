namespace OvasabiState;

/// <summary>A place where a <see cref="LayeredAttribute"/> record can live.</summary>
/// <remarks>
/// The numeric values are part of the stored format (stamps and conflict logs record them);
/// never renumber them.
/// </remarks>
public enum StateLayer
{
    /// <summary>Deserialized objects in the .NET heap of this tab; lost on reload.</summary>
    Memory = 0,

    /// <summary><c>sessionStorage</c>: survives a reload, not a new tab or browser session.</summary>
    Session = 1,

    /// <summary><c>localStorage</c>: survives restarts; small (about 5 MB per origin).</summary>
    Local = 2,

    /// <summary>IndexedDB: large, indexed and queryable; survives restarts.</summary>
    IndexedDb = 3,
}
