namespace OvasabiState.Stores;

/// <summary>Why a record changed.</summary>
public enum StateChangeKind
{
    /// <summary>This app wrote it.</summary>
    Written = 0,

    /// <summary>This app deleted it.</summary>
    Deleted = 1,

    /// <summary>Another tab (or a lower layer) had a newer copy, which was taken.</summary>
    Remote = 2,

    /// <summary>Two copies conflicted and were merged.</summary>
    Merged = 3,

    /// <summary>Retention removed it.</summary>
    Expired = 4,
}
