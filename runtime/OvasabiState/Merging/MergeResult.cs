namespace OvasabiState;

/// <summary>The outcome of a three-way merge.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Value">The merged value.</param>
/// <param name="Conflicts">Members changed differently on both sides, decided by their merge policy.</param>
public readonly record struct MergeResult<T>(T Value, MemberMask Conflicts)
{
    /// <summary>True when at least one member was changed differently on both sides.</summary>
    public bool HasConflicts => !Conflicts.IsEmpty;
}
