using System.Collections.Generic;
using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>What one operation on a store changed: the events to raise and the conflicts to log once it leaves the gate.</summary>
internal sealed class ChangeSet<T>
{
    public List<StateChange<T>> Changes { get; } = new();

    public List<ConflictRecord> Conflicts { get; } = new();

    /// <summary>True when the operation left a write some layer has not taken (the sync mode's follow-up is due).</summary>
    public bool Wrote { get; set; }

    public void Add(IndexKey key, StateChangeKind kind, T? value, MemberMask members) => Changes.Add(new StateChange<T>(key, kind, value, members));
}
