namespace OvasabiState;

/// <summary>
/// What a three-way merge needs to know about its two sides to decide conflicts: which side
/// comes from the higher-priority layer, and which was written later.
/// </summary>
/// <param name="OursHasPriority">True when "ours" comes from the higher-priority layer.</param>
/// <param name="TheirsIsNewer">True when "theirs" was written after "ours".</param>
public readonly record struct MergeContext(bool OursHasPriority = true, bool TheirsIsNewer = false)
{
    /// <summary>Ours has priority and neither side is newer: the usual memory-versus-storage case.</summary>
    public static MergeContext Default => new(OursHasPriority: true, TheirsIsNewer: false);

    /// <summary>The value of the higher-priority side.</summary>
    public T ByPriority<T>(T ours, T theirs) => OursHasPriority ? ours : theirs;

    /// <summary>The value of the side written later (priority breaks a tie).</summary>
    public T ByTime<T>(T ours, T theirs) => TheirsIsNewer ? theirs : ours;
}
