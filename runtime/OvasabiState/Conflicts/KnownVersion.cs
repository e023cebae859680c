using OvasabiState.Versions;

namespace OvasabiState.Conflicts;

/// <summary>
/// A version of a record whose value a tab still holds, because it read it from storage or
/// wrote it there: a candidate base for a three-way merge. <see cref="Absent"/> is the state
/// before the record existed, the base of two copies created independently.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed record KnownVersion<T>(StateVersion Version, Copy<T>? Copy)
{
    /// <summary>The record did not exist.</summary>
    public static KnownVersion<T> Absent { get; } = new(StateVersion.None, null);

    /// <summary>True for <see cref="Absent"/>.</summary>
    public bool IsAbsent => Copy is null;
}
