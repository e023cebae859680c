using System;
using OvasabiState.Conflicts;
using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>
/// Takes copies read from the layers into memory: builds an entry at hydration, and meets a
/// layer's copy with the entry's copy (after a conflicting write, another tab's message, or a
/// reload) by the reconciler's decision. Every change of memory this makes is reported in the
/// operation's <see cref="ChangeSet{T}"/>, conflicts included.
/// </summary>
internal sealed class CopyIntake<T>(StoreCore<T> core)
{
    /// <summary>
    /// The entry of <paramref name="key"/> built from what each layer holds (in priority order),
    /// reconciling their copies; null when no layer has one. <paramref name="synced"/> is what each
    /// layer holds either way, so a write of an absent record knows what to expect.
    /// </summary>
    public MemoryEntry<T>? Hydrate(IndexKey key, LayerFind<T>[] finds, ChangeSet<T> changes, out LayerSync[] synced)
    {
        synced = new LayerSync[finds.Length];
        MemoryEntry<T>? entry = null;
        for (var position = 0; position < finds.Length; position++)
        {
            synced[position] = SyncOf(finds[position]);
        }

        for (var position = 0; position < finds.Length; position++)
        {
            if (finds[position].Copy is not { } copy)
            {
                continue;
            }

            if (entry is null)
            {
                // The copy keeps the layer it came from: "ours" in a conflict at hydration.
                entry = core.Memory.Add(key, copy, synced);
                entry.Remember(copy);
                continue;
            }

            entry.Remember(copy);
            var first = entry.Current;
            Reconcile(entry, copy, null, changes);
            if (entry.Current.Version != first.Version && !changes.Changes.Exists(c => c.Key == key))
            {
                // A lower layer's copy was newer than a higher one's: what the app sees changed from storage.
                changes.Add(key, entry.Current.Deleted ? StateChangeKind.Deleted : StateChangeKind.Remote, entry.Current.Value, Diff(first, entry.Current));
            }
        }

        changes.BackFill |= entry?.IsPending() == true;
        return entry;
    }

    /// <summary>Takes layer <paramref name="position"/>'s state of the entry's record, as just read or found by a conflicting write.</summary>
    public void Absorb(MemoryEntry<T> entry, int position, LayerFind<T> find, ChangeSet<T> changes)
    {
        var previous = entry.Synced[position];
        // The layer's previous copy is the base of whatever it holds now: read it before the slot changes.
        var layerBase = previous.State switch
        {
            LayerState.Holds when entry.Known(previous.Version) is { } known => new KnownVersion<T>(previous.Version, known),
            LayerState.Absent => KnownVersion<T>.Absent,
            _ => null,
        };

        core.Memory.SetSynced(entry, position, SyncOf(find));
        if (find.Copy is { } copy)
        {
            entry.Remember(copy);
            Reconcile(entry, copy, layerBase, changes);
        }

        changes.BackFill |= entry.IsPending();
    }

    /// <summary>Meets the entry's copy with <paramref name="theirs"/> (a copy from no layer: another tab's outbox row) and keeps what the reconciler decides.</summary>
    public void Meet(MemoryEntry<T> entry, Copy<T> theirs, ChangeSet<T> changes)
    {
        entry.Remember(theirs);
        Reconcile(entry, theirs, null, changes);
    }

    /// <summary>Meets the entry's copy with <paramref name="theirs"/> and keeps what the reconciler decides.</summary>
    private void Reconcile(MemoryEntry<T> entry, Copy<T> theirs, KnownVersion<T>? layerBase, ChangeSet<T> changes)
    {
        var ours = entry.Current;
        var decision = Reconciler.Decide(core.Binding, ours, theirs, layerBase, entry.Known);
        switch (decision.Outcome)
        {
            case Outcome.Ours:
                if (decision.IsConflict)
                {
                    changes.Conflicts.Add(Record(entry.Key, decision, ours)); // a delete kept over writes it did not see
                    AwaitLog(entry);
                }

                break;
            case Outcome.Theirs:
                core.Memory.SetCurrent(entry, theirs);
                changes.Add(entry.Key, theirs.Deleted ? StateChangeKind.Deleted : StateChangeKind.Remote, theirs.Value, Diff(ours, theirs));
                if (decision.IsConflict)
                {
                    changes.Conflicts.Add(Record(entry.Key, decision, theirs));
                    AwaitLog(entry);
                }

                break;
            case Outcome.Merged:
                var runtime = core.Runtime;
                runtime.Clock.Observe(ours.Version);
                runtime.Clock.Observe(theirs.Version); // the merge descends from both: a greater version than either
                var merged = decision.ToCopy(core.Binding, runtime.Clock.Next(), runtime.Clock.Origin, runtime.Now);
                core.Memory.SetCurrent(entry, merged);
                changes.Add(entry.Key, merged.Deleted ? StateChangeKind.Deleted : StateChangeKind.Merged, merged.Value, Diff(ours, merged));
                changes.Wrote = true;
                if (decision.IsConflict)
                {
                    changes.Conflicts.Add(Record(entry.Key, decision, merged));
                    AwaitLog(entry);
                }

                break;
        }
    }

    /// <summary>Holds the entry's copy back from shared layers and the outbox until the conflict log is kept.</summary>
    private void AwaitLog(MemoryEntry<T> entry)
    {
        if (core.IsConflictLog)
        {
            return; // the log's own conflicts are not logged
        }

        entry.AwaitsLog = true;
        core.AwaitingLog.Add(entry.Key);
    }

    private MemberMask Diff(Copy<T> before, Copy<T> after) =>
        before.Deleted || after.Deleted ? MemberMask.All(core.Binding.MemberCount) : core.Binding.Diff(before.Value!, after.Value!);

    private static LayerSync SyncOf(LayerFind<T> find) =>
        !find.Read ? LayerSync.Unknown
        : find.Corrupt ? LayerSync.Holds(Versions.StateVersion.None, find.Token, find.Counter)
        : find.Copy is { } copy ? LayerSync.Holds(copy.Version, StoreCore<T>.TokenOf(copy, find.Token), find.Counter)
        : LayerSync.Absent(find.Counter);

    private ConflictRecord Record(IndexKey key, Decision<T> decision, Copy<T> kept)
    {
        var binding = core.Binding;
        var (ours, theirs) = (decision.Ours, decision.Theirs);
        var first = ours.Version < theirs.Version ? ours.Version : theirs.Version;
        var second = ours.Version < theirs.Version ? theirs.Version : ours.Version;
        return new ConflictRecord
        {
            // One entry per pair of versions, whichever tab resolved it.
            Id = $"{core.Store}:{key}:{first.Token}:{second.Token}",
            Store = core.Store,
            TypeName = binding.TypeName,
            Key = key.ToString(),
            DetectedAt = core.Runtime.Now,
            OursLayer = ours.Layer,
            TheirsLayer = theirs.Layer,
            TheirsOrigin = theirs.Stamp.Origin,
            Members = decision.Conflicts.Names(binding.MemberNames) is { Count: > 0 } names ? [.. names] : [],
            DecidedBy = decision.DecidedBy,
            Winner = decision.Winner,
            ThreeWay = decision.ThreeWay,
            OursPayload = ours.Payload,
            TheirsPayload = theirs.Payload,
            MergedPayload = kept.Payload,
            OursDeleted = ours.Deleted,
            TheirsDeleted = theirs.Deleted,
            OursVersion = ours.Version.Token,
            TheirsVersion = theirs.Version.Token,
        };
    }
}
