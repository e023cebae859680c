namespace OvasabiState.Storage;

/// <summary>The two Web Storage areas.</summary>
public enum WebStorageArea
{
    /// <summary><c>sessionStorage</c>: per tab, survives a reload.</summary>
    Session = 0,

    /// <summary><c>localStorage</c>: per origin, survives restarts.</summary>
    Local = 1,
}
