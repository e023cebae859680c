namespace OvasabiState;

/// <summary>
/// How a member changed on both sides of a merge is decided. Members changed on one side only
/// always take that side's value; a policy is consulted only for true conflicts. Where a policy
/// picks a side, the member's later write wins: every member carries the version of the write
/// that last set it (clock, then writer id), so every tab and layer decides alike whatever
/// order the copies meet in.
/// </summary>
public enum MergePolicy
{
    /// <summary>
    /// The later write of the member wins (the default). The name is the first version's: there
    /// the copy from the higher-priority layer won, which let a layer that fell behind undo later
    /// writes. Layer priority now only orders reads.
    /// </summary>
    LayerPriority = 0,

    /// <summary>The later write of the member wins: the same rule as <see cref="LayerPriority"/>.</summary>
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
    /// Lists and arrays: the items of the side that wrote the member later, followed by the other
    /// side's items it lacks. Dictionaries: the union of keys, that side winning shared keys.
    /// </summary>
    Union = 5,
}
