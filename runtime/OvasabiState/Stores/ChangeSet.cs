using System.Collections.Generic;
using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>What one operation on a store changed: the events to raise and the conflicts to log once it leaves the gate.</summary>
internal sealed class ChangeSet<T>
{
    public List<StateChange<T>> Changes { get; } = new();

    public List<ConflictRecord> Conflicts { get; } = new();

    /// <summary>True when the operation made a write (the app's, or a merge) some layer has not taken: it must become durable.</summary>
    public bool Wrote { get; set; }

    /// <summary>True when a read left a layer to repair (back-fill, fast-forward): a realtime store writes it at once.</summary>
    public bool BackFill { get; set; }

    public void Add(IndexKey key, StateChangeKind kind, T? value, MemberMask members) => Changes.Add(new StateChange<T>(key, kind, value, members));
}
