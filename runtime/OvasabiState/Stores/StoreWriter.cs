using OvasabiState.Conflicts;

namespace OvasabiState.Stores;

/// <summary>
/// The app's writes into memory: each is a new version (a revert too: versions identify writes,
/// never contents), over the copy memory holds, with the members it changed stamped with it.
/// The lower layers get it at the next flush.
/// </summary>
internal sealed class StoreWriter<T>(StoreCore<T> core)
{
    /// <summary>
    /// Writes <paramref name="value"/> over <paramref name="entry"/> (or, for a record no layer
    /// holds, over <paramref name="absent"/>'s knowledge of the layers). Writing the content memory
    /// already has is no write.
    /// </summary>
    public void Write(IndexKey key, MemoryEntry<T>? entry, LayerSync[]? absent, T value, ChangeSet<T> changes)
    {
        var payload = core.Binding.Serialize(value);
        var live = entry is { IsLive: true };
        if (live && entry!.Current.Stamp.ContentHash == StateHash.Of(payload))
        {
            return;
        }

        // A new record sets the members that differ from a default one; the rest were never written,
        // so two tabs that create one record each keep the other's members. A conflict log entry is
        // written whole: two tabs logging one conflict keep one entry, not a mix of the two.
        var changed = !live && core.IsConflictLog
            ? MemberMask.All(core.Binding.MemberCount)
            : core.Binding.Diff(live ? entry!.Current.Value! : core.Binding.CreateDefault(), value);
        var copy = new Copy<T>(StateLayer.Memory, core.StampOver(entry, payload, changed, deleted: false), value, payload);
        changed = live ? changed : MemberMask.All(core.Binding.MemberCount); // the event reports a new record whole
        if (entry is null)
        {
            core.Memory.Add(key, copy, absent ?? core.UnknownSync());
        }
        else
        {
            core.Memory.SetCurrent(entry, copy);
        }

        changes.Add(key, StateChangeKind.Written, value, changed);
        changes.Wrote = true;
    }

    /// <summary>
    /// Deletes the entry's record: a tombstone, a versioned write like any other, so late tabs and
    /// layers learn of the delete. A record that never left memory is just forgotten.
    /// </summary>
    public bool Delete(MemoryEntry<T> entry, StateChangeKind kind, ChangeSet<T> changes)
    {
        if (!entry.IsLive)
        {
            return false;
        }

        var all = MemberMask.All(core.Binding.MemberCount);
        if (NeverLeftMemory(entry))
        {
            core.Memory.Remove(entry.Key);
        }
        else
        {
            var tombstone = new Copy<T>(StateLayer.Memory, core.StampOver(entry, [], all, deleted: true), default, []);
            core.Memory.SetCurrent(entry, tombstone);
            changes.Wrote = true;
        }

        changes.Add(entry.Key, kind, default, all);
        return true;
    }

    /// <summary>True when every layer is known to hold nothing of the record and no outbox row holds it.</summary>
    private static bool NeverLeftMemory(MemoryEntry<T> entry)
    {
        if (!entry.OutboxVersion.IsNone)
        {
            return false;
        }

        foreach (var sync in entry.Synced)
        {
            if (sync.State != LayerState.Absent)
            {
                return false;
            }
        }

        return true;
    }
}
