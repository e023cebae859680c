namespace OvasabiState.Storage;

/// <summary>Something the page's environment reported.</summary>
public enum BrowserEvent
{
    /// <summary>The network came back.</summary>
    Online = 0,

    /// <summary>The network went away.</summary>
    Offline = 1,

    /// <summary>The page is being hidden or unloaded: pending writes must be flushed now.</summary>
    PageHide = 2,
}
