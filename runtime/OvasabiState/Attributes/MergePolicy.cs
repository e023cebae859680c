namespace OvasabiState;

/// <summary>
/// How a member changed on both sides of a three-way merge is decided. Members changed on one
/// side only always take that side's value; a policy is consulted only for true conflicts.
/// </summary>
public enum MergePolicy
{
    /// <summary>The copy from the higher-priority layer wins (the default).</summary>
    LayerPriority = 0,

    /// <summary>The copy with the later write time wins; ties go to the higher-priority layer.</summary>
    Newest = 1,

    /// <summary>The larger value wins. Numbers, strings, dates, times and enums.</summary>
    Max = 2,

    /// <summary>The smaller value wins. Numbers, strings, dates, times and enums.</summary>
    Min = 3,

    /// <summary>
    /// Both sides' increments are kept: <c>base + (ours - base) + (theirs - base)</c>.
    /// For counters; numeric members only.
    /// </summary>
    Add = 4,

    /// <summary>
    /// Lists and arrays: the higher-priority side's items followed by the other side's items it
    /// lacks. Dictionaries: the union of keys, the higher-priority side winning shared keys.
    /// </summary>
    Union = 5,
}
