using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using System.Linq;
using OvasabiState.Conflicts;
using OvasabiState.Layers;
using OvasabiState.Storage;

namespace OvasabiState.Stores;

/// <summary>
/// Retention, the purge of old tombstones, and reindexing. Retention deletes through the same
/// path as the app: a tombstone written compare-and-set, so an edit another tab made after the
/// purge's read (newer than the purge) wins over it, and the conflict is logged.
/// </summary>
internal sealed class StoreMaintenance<T>(StoreCore<T> core, StoreReader<T> reader, StoreWriter<T> writer)
{
    /// <summary>
    /// Deletes records whose last write is older than the retention at <paramref name="now"/> (the
    /// retention clock's reading, not the raw wall clock), and drops tombstones older than the
    /// tombstone window from memory and every layer. Only the expired records are taken into
    /// memory (as tombstones); the rest of the store stays where it is. Call under the gate; flush afterwards.
    /// </summary>
    public async ValueTask<int> PurgeAsync(DateTimeOffset now, bool scanTombstones, ChangeSet<T> changes)
    {
        var retention = core.Binding.Retention;
        if (retention is null && !scanTombstones)
        {
            await PurgeTombstonesAsync(now, changes).ConfigureAwait(false);
            return 0;
        }

        // One whole read per layer gives every key and copy.
        var (keys, preRead) = await reader.ReadEverythingAsync().ConfigureAwait(false);
        var expired = new List<IndexKey>();
        var oldTombstones = new List<IndexKey>();
        foreach (var key in keys)
        {
            var newest = Newest(key, preRead);
            if (newest is null)
            {
                continue;
            }

            var age = now - newest.Stamp.WrittenAt;
            if (!newest.Deleted && retention is { } keep && age > keep)
            {
                expired.Add(key);
            }
            else if (newest.Deleted && age > core.Runtime.Options.TombstoneRetention && !core.Memory.TryGet(key, out _))
            {
                oldTombstones.Add(key);
            }
        }

        // Old tombstones no tab holds come into memory to be purged with the others below.
        await reader.HydrateManyAsync(expired.Concat(oldTombstones), changes, preRead).ConfigureAwait(false);
        var removed = 0;
        foreach (var key in expired)
        {
            if (core.Memory.TryGet(key, out var entry) && entry.IsLive && now - entry.Current.Stamp.WrittenAt > retention)
            {
                writer.Delete(entry, StateChangeKind.Expired, changes);
                removed++;
            }
        }

        await PurgeTombstonesAsync(now, changes).ConfigureAwait(false);
        return removed;
    }

    /// <summary>The newest copy of <paramref name="key"/> this tab knows: memory's, else the greatest version any layer holds.</summary>
    private Copy<T>? Newest(IndexKey key, PreRead<T> preRead)
    {
        if (core.Memory.TryGet(key, out var entry))
        {
            return entry.Current;
        }

        Copy<T>? newest = null;
        foreach (var layer in preRead.Layers)
        {
            if (layer is not null && layer.TryGetValue(key, out var find) && find.Copy is { } copy && (newest is null || copy.Version > newest.Version))
            {
                newest = copy;
            }
        }

        return newest;
    }

    /// <summary>Removes tombstones in memory older than the window that every layer has taken (compare-and-set: only that tombstone).</summary>
    private async ValueTask<int> PurgeTombstonesAsync(DateTimeOffset now, ChangeSet<T> changes)
    {
        var window = core.Runtime.Options.TombstoneRetention;
        var old = new List<MemoryEntry<T>>();
        foreach (var entry in core.Memory.Entries)
        {
            if (!entry.IsLive && now - entry.Current.Stamp.WrittenAt > window && !entry.IsPending())
            {
                old.Add(entry);
            }
        }

        if (old.Count == 0)
        {
            return 0;
        }

        var purged = new HashSet<IndexKey>();
        foreach (var entry in old)
        {
            purged.Add(entry.Key);
        }

        for (var position = 0; position < core.Lower.Length; position++)
        {
            if (!core.Available(position))
            {
                continue;
            }

            var removals = new List<LayerMutation>();
            foreach (var entry in old)
            {
                var sync = entry.Synced[position];
                if (sync.State == LayerState.Holds)
                {
                    removals.Add(new LayerMutation(entry.Key, null, null, sync.Expected, sync.SeenCounter, StoreCore<T>.NoIndexValues()));
                }
            }

            if (removals.Count == 0)
            {
                continue;
            }

            try
            {
                var result = await core.Runtime.Layers[core.Lower[position]].MutateAsync(core.Binding, core.Runtime.Scope, removals).ConfigureAwait(false);
                foreach (var conflict in result.Conflicts)
                {
                    purged.Remove(conflict.Key); // Written over since: not a tombstone to purge any more; a read takes it in.
                }

                foreach (var (key, _) in result.Refused)
                {
                    purged.Remove(key);
                }
            }
            catch (StorageException exception)
            {
                core.Report(core.Lower[position], exception, null);
                return 0;
            }
        }

        foreach (var key in purged)
        {
            core.Memory.Remove(key);
        }

        return purged.Count;
    }

    /// <summary>Rewrites the store's IndexedDB records with their current index values (after a schema upgrade): same bytes, compare-and-set.</summary>
    public async ValueTask ReindexAsync()
    {
        var position = core.PositionOf(StateLayer.IndexedDb);
        if (position < 0)
        {
            return;
        }

        var layer = core.Runtime.Layers[StateLayer.IndexedDb];
        try
        {
            var read = await layer.ReadAllAsync(core.Binding, core.Runtime.Scope, (key, exception) => core.Report(StateLayer.IndexedDb, exception, key)).ConfigureAwait(false);
            var rewrites = new List<LayerMutation>();
            foreach (var entry in read.Entries)
            {
                if (entry.Key is { } key && reader.Find(StateLayer.IndexedDb, entry, key, read.Counter).Copy is { Deleted: false } copy)
                {
                    var token = StoreCore<T>.TokenOf(copy, entry.Token);
                    rewrites.Add(new LayerMutation(key, entry.Bytes, token, token, read.Counter, core.IndexValues(copy.Value!)));
                }
            }

            if (rewrites.Count > 0)
            {
                await layer.MutateAsync(core.Binding, core.Runtime.Scope, rewrites).ConfigureAwait(false);
            }
        }
        catch (StorageException exception)
        {
            core.Report(StateLayer.IndexedDb, exception, null);
        }
    }
}
