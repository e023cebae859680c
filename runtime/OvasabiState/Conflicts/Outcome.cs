namespace OvasabiState.Conflicts;

/// <summary>What reconciling two copies of a record decided.</summary>
internal enum Outcome
{
    /// <summary>They are the same write.</summary>
    Same = 0,

    /// <summary>Ours includes theirs (it descends from it): keep ours.</summary>
    Ours = 1,

    /// <summary>Theirs includes ours: take theirs.</summary>
    Theirs = 2,

    /// <summary>Both changed since their common base: a new copy merges them.</summary>
    Merged = 3,
}
