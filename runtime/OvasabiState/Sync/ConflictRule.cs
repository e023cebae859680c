namespace OvasabiState.Sync;

/// <summary>
/// The rules that decide a conflict apart from a member's <see cref="MergePolicy"/>: the values
/// <see cref="ConflictRecord.DecidedBy"/> holds besides a policy's name.
/// </summary>
public static class ConflictRule
{
    /// <summary>A member changed on both sides with no base to merge from: its later write wins.</summary>
    public const string LatestWrite = "LatestWrite";

    /// <summary>An edit against a concurrent delete: a member write the delete did not see, later than the one it deleted, survives it.</summary>
    public const string EditOverDelete = "EditOverDelete";

    /// <summary>An edit against a concurrent delete: a member write the delete did not see, earlier than the one it deleted, goes with it.</summary>
    public const string DeleteOverEdit = "DeleteOverEdit";
}
