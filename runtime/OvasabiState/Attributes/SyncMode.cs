namespace OvasabiState;

/// <summary>When writes that landed in memory reach the lower layers.</summary>
public enum SyncMode
{
    /// <summary>At once: every write is flushed to the lower layers in the same turn (batched).</summary>
    Realtime = 0,

    /// <summary>On a timer (30 seconds unless configured), and on page hide.</summary>
    Periodic = 1,

    /// <summary>Only when the app asks for a flush (and on page hide).</summary>
    Manual = 2,
}
