namespace OvasabiState.Storage;

/// <summary>Why a storage operation failed.</summary>
public enum StorageFailure
{
    /// <summary>The storage is not there: private mode, disabled by policy, or blocked.</summary>
    Unavailable = 0,

    /// <summary>The write did not fit the origin's quota.</summary>
    QuotaExceeded = 1,

    /// <summary>The stored bytes for a key cannot be read (corrupt, truncated, unknown version).</summary>
    Corrupt = 2,

    /// <summary>The browser reported another error (transaction aborted, version change blocked...).</summary>
    Failed = 3,
}
