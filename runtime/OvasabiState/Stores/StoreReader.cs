using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using OvasabiState.Layers;
using OvasabiState.Serialization;
using OvasabiState.Storage;

namespace OvasabiState.Stores;

/// <summary>
/// Reads a store's copies from its layers and hydrates memory from them. Operations on many keys
/// (a bulk write, a list, a query, retention) read each layer once for all their keys: in a
/// browser every call is an IndexedDB transaction or an interop round trip. The copies read are
/// then taken in one key at a time by the same code as a single read
/// (<see cref="CopyIntake{T}.Hydrate"/>), so the outcome does not depend on the path.
/// </summary>
internal sealed class StoreReader<T>(StoreCore<T> core, CopyIntake<T> intake)
{
    /// <summary>
    /// The memory entry of <paramref name="key"/>, hydrating it from the layers on first use; when
    /// no layer has the record, null and what each layer holds (for a write of it).
    /// </summary>
    public async ValueTask<(MemoryEntry<T>? Entry, LayerSync[]? Absent)> EntryAsync(IndexKey key, ChangeSet<T> changes)
    {
        if (core.Memory.TryGet(key, out var entry))
        {
            return (entry, null);
        }

        var finds = await ReadAsync(key).ConfigureAwait(false);
        entry = intake.Hydrate(key, finds, changes, out var synced);
        return (entry, entry is null ? synced : null);
    }

    /// <summary>
    /// Hydrates every key of <paramref name="keys"/> that memory lacks, with one read per layer
    /// (layers in <paramref name="preRead"/> are not read again). Returns the keys no layer holds,
    /// with what each layer holds of them.
    /// </summary>
    public async ValueTask<Dictionary<IndexKey, LayerSync[]>> HydrateManyAsync(IEnumerable<IndexKey> keys, ChangeSet<T> changes, PreRead<T>? preRead = null)
    {
        var missing = new List<IndexKey>();
        var seen = new HashSet<IndexKey>();
        foreach (var key in keys)
        {
            if (key.Kind != IndexKeyKind.None && !core.Memory.TryGet(key, out _) && seen.Add(key))
            {
                missing.Add(key);
            }
        }

        var absent = new Dictionary<IndexKey, LayerSync[]>();
        if (missing.Count == 0)
        {
            return absent;
        }

        var finds = await ReadManyAsync(missing, preRead).ConfigureAwait(false);
        core.Memory.Reserve(missing.Count);
        foreach (var key in missing)
        {
            if (intake.Hydrate(key, finds[key], changes, out var synced) is null)
            {
                absent[key] = synced;
            }
        }

        return absent;
    }

    /// <summary>What each layer holds of <paramref name="key"/>, one read per available layer.</summary>
    public async ValueTask<LayerFind<T>[]> ReadAsync(IndexKey key)
    {
        var finds = new LayerFind<T>[core.Lower.Length];
        for (var position = 0; position < finds.Length; position++)
        {
            if (!core.Available(position))
            {
                continue;
            }

            var layer = core.Lower[position];
            try
            {
                var entry = await core.Runtime.Layers[layer].ReadAsync(core.Binding, core.Runtime.Scope, key).ConfigureAwait(false);
                finds[position] = entry is null ? new LayerFind<T>(true, null, null, IndexedDbRead.UnknownCounter) : Find(layer, entry, key, IndexedDbRead.UnknownCounter);
            }
            catch (Exception exception) when (exception is StorageException or StateFormatException)
            {
                core.Report(layer, exception, key);
            }
        }

        return finds;
    }

    /// <summary>What each layer holds of each of <paramref name="keys"/>: one read per layer for all of them.</summary>
    public async ValueTask<Dictionary<IndexKey, LayerFind<T>[]>> ReadManyAsync(IReadOnlyList<IndexKey> keys, PreRead<T>? preRead = null)
    {
        var finds = new Dictionary<IndexKey, LayerFind<T>[]>(keys.Count);
        foreach (var key in keys)
        {
            finds[key] = new LayerFind<T>[core.Lower.Length];
        }

        for (var position = 0; position < core.Lower.Length; position++)
        {
            if (!core.Available(position))
            {
                continue;
            }

            var layer = core.Lower[position];
            if (preRead?.Layers[position] is { } known)
            {
                foreach (var key in keys)
                {
                    finds[key][position] = known.TryGetValue(key, out var find) ? find : new LayerFind<T>(true, null, null, preRead.Counters[position]);
                }

                continue;
            }

            LayerRead read;
            try
            {
                var unreadable = (IndexKey key, Exception exception) => core.Report(layer, exception, key);
                read = await core.Runtime.Layers[layer].ReadManyAsync(core.Binding, core.Runtime.Scope, keys, unreadable).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is StorageException or StateFormatException)
            {
                core.Report(layer, exception, keys.Count == 1 ? keys[0] : (IndexKey?)null);
                continue;
            }

            foreach (var key in keys)
            {
                finds[key][position] = read.Found.TryGetValue(key, out var entry)
                    ? Find(layer, entry, key, read.Counter)
                    : new LayerFind<T>(true, null, null, read.Counter);
            }
        }

        return finds;
    }

    /// <summary>
    /// Reads every layer whole, once: every key any layer holds for the current user plus memory's,
    /// and each layer's finds by the key they are stored under, for <see cref="HydrateManyAsync"/>.
    /// </summary>
    public async ValueTask<(HashSet<IndexKey> Keys, PreRead<T> PreRead)> ReadEverythingAsync()
    {
        var keys = new HashSet<IndexKey>();
        foreach (var entry in core.Memory.Entries)
        {
            keys.Add(entry.Key);
        }

        var preRead = new PreRead<T>(core.Lower.Length);
        for (var position = 0; position < core.Lower.Length; position++)
        {
            if (!core.Available(position))
            {
                continue;
            }

            var layer = core.Lower[position];
            LayerReadAll read;
            try
            {
                var unreadable = (IndexKey? key, Exception exception) => core.Report(layer, exception, key);
                read = await core.Runtime.Layers[layer].ReadAllAsync(core.Binding, core.Runtime.Scope, unreadable).ConfigureAwait(false);
            }
            catch (StorageException exception)
            {
                core.Report(layer, exception, null);
                continue;
            }

            var finds = new Dictionary<IndexKey, LayerFind<T>>(read.Entries.Count);
            foreach (var entry in read.Entries)
            {
                var find = Find(layer, entry, entry.Key, read.Counter);
                if (find.Copy is { } copy && !copy.Deleted)
                {
                    keys.Add(core.KeyOf(copy.Value!));
                }

                if (entry.Key is { } stored)
                {
                    keys.Add(stored);
                    finds[stored] = find;
                }
            }

            preRead.Layers[position] = finds;
            preRead.Counters[position] = read.Counter;
        }

        return (keys, preRead);
    }

    /// <summary>A layer's entry as a find: the decoded copy, or a corrupt one (reported) that a write will replace.</summary>
    public LayerFind<T> Find(StateLayer layer, LayerEntry entry, IndexKey? key, long counter) =>
        core.Decode(layer, entry.Bytes, key) is { } copy
            ? new LayerFind<T>(true, copy, entry.Token, counter)
            : new LayerFind<T>(true, null, entry.Token, counter, Corrupt: true);
}

/// <summary>What whole-layer reads found, by layer position and stored key: those layers need no second read.</summary>
internal sealed class PreRead<T>(int layers)
{
    public Dictionary<IndexKey, LayerFind<T>>?[] Layers { get; } = new Dictionary<IndexKey, LayerFind<T>>?[layers];

    public long[] Counters { get; } = new long[layers];
}
