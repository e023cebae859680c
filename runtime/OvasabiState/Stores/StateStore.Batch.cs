using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Serialization;
using OvasabiState.Storage;

namespace OvasabiState.Stores;

/// <summary>
/// Batched reads: operations on many keys (a bulk write, a list, a query, retention) read each
/// lower layer once for all their keys, instead of one boundary call per key and layer. In a
/// browser every call is an IndexedDB transaction or an interop round trip, so this is where
/// most of their time went. The copies read are then reconciled one key at a time by the same
/// code as a single read (<see cref="HydrateFromAsync"/>), so the outcome does not depend on
/// which path read them.
/// </summary>
internal sealed partial class StateStore<T>
{
    /// <summary>
    /// Hydrates every key of <paramref name="keys"/> that is neither in memory nor pending, with
    /// one read per available layer for all of them (layers in <paramref name="preRead"/> are not
    /// read again). Returns the keys no layer holds a readable copy of: they are absent, and a
    /// write of them needs no further read. Call under the gate.
    /// </summary>
    private async ValueTask<HashSet<IndexKey>> HydrateManyAsync(IEnumerable<IndexKey> keys, List<StateChange<T>> changes, PreRead? preRead = null)
    {
        var missing = keys.Where(k => !_memory.ContainsKey(k) && !IsPending(k)).Distinct().ToList();
        var absent = new HashSet<IndexKey>();
        if (missing.Count == 0)
        {
            return absent;
        }

        if (preRead is null && IndexedDbIsExact())
        {
            await HydrateFromIndexedDbAsync(missing, absent).ConfigureAwait(false);
            return absent;
        }

        var copies = await ReadCopiesAsync(missing, preRead).ConfigureAwait(false);
        foreach (var key in missing)
        {
            if (!copies.TryGetValue(key, out var found) ||
                (TryHydrateAtOnce(key, found, changes) ?? await HydrateFromAsync(key, found, changes).ConfigureAwait(false)) is null)
            {
                absent.Add(key);
            }
        }

        return absent;
    }

    /// <summary>
    /// <see cref="HydrateManyAsync"/> when IndexedDB is the only readable layer: its copy of each
    /// key, when readable, is the one copy there is, so it goes to memory as it is, with no
    /// copies to gather and reconcile per key. Keys without a readable copy go to <paramref name="absent"/>.
    /// </summary>
    private async ValueTask HydrateFromIndexedDbAsync(List<IndexKey> missing, HashSet<IndexKey> absent)
    {
        if (await ReadManyAsync(StateLayer.IndexedDb, missing).ConfigureAwait(false) is not { } found)
        {
            absent.UnionWith(missing);
            return;
        }

        _memory.EnsureCapacity(_memory.Count + found.Count);
        foreach (var key in missing)
        {
            if (found.TryGetValue(key, out var bytes) && TryDecode(StateLayer.IndexedDb, bytes, key) is { } copy)
            {
                _memory[key] = AdmitIndexedDbCopy(key, copy);
            }
            else
            {
                absent.Add(key);
            }
        }
    }

    /// <summary>
    /// One layer's stored bytes of <paramref name="keys"/>, read in one call; null when the read
    /// failed (reported once, naming the key when there is one). Unreadable entries are reported with their key.
    /// </summary>
    private async ValueTask<IReadOnlyDictionary<IndexKey, byte[]>?> ReadManyAsync(StateLayer layer, List<IndexKey> keys)
    {
        try
        {
            var unreadable = (IndexKey key, Exception exception) => _runtime.Report(layer, exception, Store, key);
            return await _runtime.Layers[layer].ReadManyAsync(Binding, _runtime.Scope, keys, unreadable).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is StorageException or StateFormatException)
        {
            _runtime.Report(layer, exception, Store, keys.Count == 1 ? keys[0] : (IndexKey?)null);
            return null;
        }
    }

    /// <summary>
    /// The readable copies of each of <paramref name="keys"/>, in priority order per key: what
    /// <see cref="ReadCopiesAsync(IndexKey)"/> returns for each, with one read per layer.
    /// Unreadable copies are reported (with their key) and skipped; a layer whose read fails is
    /// reported once and skipped for every key.
    /// </summary>
    private async ValueTask<Dictionary<IndexKey, List<Copy>>> ReadCopiesAsync(List<IndexKey> keys, PreRead? preRead)
    {
        var copies = new Dictionary<IndexKey, List<Copy>>(keys.Count);
        foreach (var layer in AvailableLayers())
        {
            if (preRead?.Copies.TryGetValue(layer, out var known) == true)
            {
                foreach (var key in keys)
                {
                    if (known.TryGetValue(key, out var copy))
                    {
                        Add(key, copy);
                    }
                }

                continue;
            }

            if (await ReadManyAsync(layer, keys).ConfigureAwait(false) is not { } found)
            {
                continue;
            }

            foreach (var key in keys)
            {
                if (found.TryGetValue(key, out var bytes) && TryDecode(layer, bytes, key) is { } copy)
                {
                    Add(key, copy);
                }
            }
        }

        return copies;

        void Add(IndexKey key, Copy copy)
        {
            if (!copies.TryGetValue(key, out var list))
            {
                copies[key] = list = new List<Copy>(_lower.Length);
            }

            list.Add(copy);
        }
    }

    /// <summary>
    /// Reads every lower layer whole, once: every key any layer holds for the current user plus
    /// memory's (pending deletes left out, as they must not come back), and each layer's decoded
    /// copies by the key they are stored under, for <see cref="HydrateManyAsync"/>. Call under the gate.
    /// </summary>
    private async ValueTask<(HashSet<IndexKey> Keys, PreRead Copies)> ReadEverythingAsync()
    {
        var keys = new HashSet<IndexKey>(_memory.Keys);
        var preRead = new PreRead();
        foreach (var layer in AvailableLayers())
        {
            var copies = new Dictionary<IndexKey, Copy>();
            try
            {
                var unreadable = (IndexKey? key, Exception exception) => _runtime.Report(layer, exception, Store, key);
                foreach (var entry in await _runtime.Layers[layer].ReadAllAsync(Binding, _runtime.Scope, unreadable).ConfigureAwait(false))
                {
                    if (TryDecode(layer, entry.Bytes, entry.Key) is not { } copy)
                    {
                        continue;
                    }

                    keys.Add(Binding.HasKey ? Binding.GetKey(copy.Value) : IndexKey.Singleton);
                    if (entry.Key is { } stored)
                    {
                        copies[stored] = copy;
                    }
                }
            }
            catch (StorageException exception)
            {
                _runtime.Report(layer, exception, Store, null);
                continue;
            }

            preRead.Copies[layer] = copies;
        }

        // Deleted records are pending deletes: not in memory, not to be resurrected from a lower layer.
        keys.RemoveWhere(k => !_memory.ContainsKey(k) && IsPending(k));
        return (keys, preRead);
    }

    /// <summary>Copies already read, by layer and by the key they are stored under: those layers need no second read.</summary>
    private sealed class PreRead
    {
        public Dictionary<StateLayer, Dictionary<IndexKey, Copy>> Copies { get; } = new();
    }
}
