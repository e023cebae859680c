using System;

namespace OvasabiState.Sample.Records;

/// <summary>The anonymous user's session: in memory and sessionStorage only.</summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.Session], Store = "user_sessions", Sync = SyncMode.Realtime)]
public partial class UserSessionRecord
{
    [StateKey] public string SessionId { get; set; } = "";

    public string UserId { get; set; } = "";

    public DateTime StartedAt { get; set; }

    [Merge(MergePolicy.Newest)] public DateTime LastSeenAt { get; set; }

    public int PageViews { get; set; }

    [Transient] public bool IsVisible { get; set; } = true;
}
