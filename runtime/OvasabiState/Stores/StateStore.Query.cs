using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Layers;
using OvasabiState.Storage;

namespace OvasabiState.Stores;

/// <summary>
/// Index queries. IndexedDB answers them when it can; memory may hold newer values than
/// IndexedDB for the keys pending for it, and those are judged by their own values.
/// </summary>
internal sealed partial class StateStore<T>
{
    public async ValueTask<IReadOnlyList<T>> QueryAsync(string index, KeyRange range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var position = PositionOf(index);
        var changes = new List<StateChange<T>>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var askIndexedDb = true;
            if (IndexedDbIsExact())
            {
                if (await QueryIndexedDbAsync(Binding.Schema.Indexes[position].Name, range).ConfigureAwait(false) is { } records)
                {
                    return TakeIndexedDbAnswer(records, position, range);
                }

                askIndexedDb = false; // Its read failed and was reported: once is enough.
            }

            return await QueryEveryCopyAsync(position, range, askIndexedDb, changes).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
            AfterChanges(changes);
        }
    }

    /// <summary>The position of the index named <paramref name="index"/> in the schema.</summary>
    private int PositionOf(string index)
    {
        var indexes = Binding.Schema.Indexes;
        for (var position = 0; position < indexes.Count; position++)
        {
            if (indexes[position].Name == index)
            {
                return position;
            }
        }

        throw new ArgumentException($"{Binding.TypeName} has no index '{index}'; its indexes are: {string.Join(", ", indexes.Select(i => i.Name))}.", nameof(index));
    }

    /// <summary>
    /// True when IndexedDB's answer to a query is the whole answer: it is the only lower layer
    /// that can be read (so a record it lacks exists nowhere else) and no key is pending for it
    /// (so every memory entry equals its IndexedDB copy, which the query has already judged).
    /// </summary>
    private bool IndexedDbIsExact()
    {
        if (!_pending.TryGetValue(StateLayer.IndexedDb, out var pending) || pending.Count > 0)
        {
            return false;
        }

        foreach (var layer in _lower)
        {
            if (_runtime.Health[layer].Available != (layer == StateLayer.IndexedDb))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// IndexedDB's answer as the query's result, in its order: the stored copy decoded and put in
    /// memory for a key memory lacks; memory's entry for a key it holds (equal to the IndexedDB
    /// copy, as <see cref="IndexedDbIsExact"/> holds, unless another tab's write has not been
    /// heard yet: the entry's own value must still match). Call under the gate.
    /// </summary>
    /// <remarks>
    /// One dictionary lookup per record and no index value recomputed for a record just read:
    /// the general path (<see cref="QueryEveryCopyAsync"/>) costs a dozen key hashes per record,
    /// which was most of a 1,000-record query on the WebAssembly interpreter (BENCHMARKS.md).
    /// </remarks>
    /// <param name="records">IndexedDB's answer.</param>
    /// <param name="position">The queried index's position in the schema.</param>
    /// <param name="range">The range queried.</param>
    private List<T> TakeIndexedDbAnswer(IReadOnlyList<IndexedDbRecord> records, int position, KeyRange range)
    {
        var values = new List<T>(records.Count);
        // Grown once here, not a rehash of every key at each doubling while a cold store fills.
        _memory.EnsureCapacity(_memory.Count + records.Count);
        // A multi-entry index lists a record once per matching element: keep its first place.
        var listed = Binding.Schema.Indexes[position].MultiEntry ? new HashSet<IndexKey>() : null;
        foreach (var record in records)
        {
            if ((listed is null || listed.Add(record.Key)) && TakeIndexedDbCopy(record.Key, record.Value, position, range) is { } entry)
            {
                values.Add(entry.Value);
            }
        }

        return values;
    }

    /// <summary>
    /// One record of IndexedDB's whole answer (see <see cref="TakeIndexedDbAnswer"/>): memory's
    /// entry when it holds the key (null when its own value no longer matches the range), else
    /// the stored copy decoded and put in memory (null, reported, when it is unreadable).
    /// </summary>
    /// <param name="key">The key the record is stored under.</param>
    /// <param name="stored">The stored bytes IndexedDB returned for it.</param>
    /// <param name="position">The queried index's position; -1 for a read of the whole store, which every record matches.</param>
    /// <param name="range">The range queried.</param>
    private MemoryEntry? TakeIndexedDbCopy(IndexKey key, byte[] stored, int position, KeyRange range)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_memory, key, out var known);
        if (known)
        {
            return position < 0 || Matches(position, range, entry!.Value) ? entry : null;
        }

        if (TryDecode(StateLayer.IndexedDb, stored, key) is not { } copy)
        {
            _memory.Remove(key);
            return null;
        }

        entry = AdmitIndexedDbCopy(key, copy);
        return entry;
    }

    /// <summary>
    /// The memory entry of a copy read from IndexedDB when it is the only readable layer (see
    /// <see cref="IndexedDbIsExact"/>): what <see cref="Settle"/> makes of a single copy, without
    /// the reconciling a single copy does not need. The caller puts it in memory.
    /// </summary>
    private MemoryEntry AdmitIndexedDbCopy(IndexKey key, Copy copy)
    {
        // The lower layers that cannot be read now lack it, as far as this tab knows: as at hydration.
        foreach (var layer in _lower)
        {
            if (layer != StateLayer.IndexedDb)
            {
                _pending[layer].Add(key);
            }
        }

        // The copy read is in storage: the first version a later merge can start from.
        return new MemoryEntry(copy.Value, copy.Payload, copy.Stamp, [new SharedVersion(copy.Stamp.ContentHash, copy.Value)]);
    }

    /// <summary>Whether <paramref name="value"/>'s value for the index at <paramref name="position"/> (any element, for a multi-entry one) lies in <paramref name="range"/>.</summary>
    private bool Matches(int position, KeyRange range, T value)
    {
        var key = IndexValue(position, value);
        if (Binding.Schema.Indexes[position].MultiEntry && key.Kind == IndexKeyKind.Array)
        {
            foreach (var element in key.Items)
            {
                if (range.Contains(element))
                {
                    return true;
                }
            }

            return false;
        }

        return range.Contains(key);
    }

    /// <summary>
    /// Every record IndexedDB holds, in key order, read through the layer (so the read is counted
    /// in its metrics, as every whole-store read is), or null when the read failed (reported).
    /// </summary>
    private async ValueTask<IReadOnlyList<LayerEntry>?> ReadAllIndexedDbAsync()
    {
        try
        {
            var unreadable = (IndexKey? key, Exception exception) => _runtime.Report(StateLayer.IndexedDb, exception, Store, key);
            return await _runtime.Layers[StateLayer.IndexedDb].ReadAllAsync(Binding, _runtime.Scope, unreadable).ConfigureAwait(false);
        }
        catch (StorageException exception)
        {
            _runtime.Report(StateLayer.IndexedDb, exception, Store, null);
            return null;
        }
    }

    /// <summary>IndexedDB's answer to a query of <paramref name="index"/>, or null when its read failed (reported).</summary>
    private async ValueTask<IReadOnlyList<IndexedDbRecord>?> QueryIndexedDbAsync(string index, KeyRange range)
    {
        try
        {
            return await _runtime.Storage.QueryRecordsAsync(_runtime.Scope.Database, Store, index, range).ConfigureAwait(false);
        }
        catch (StorageException exception)
        {
            _runtime.Report(StateLayer.IndexedDb, exception, Store, null);
            return null;
        }
    }

    /// <summary>
    /// The query over every copy: candidates from IndexedDB's answer (or every key of every layer
    /// without it) and the keys pending for IndexedDB, hydrated, each judged by its memory value. Call under the gate.
    /// </summary>
    private async ValueTask<List<T>> QueryEveryCopyAsync(int position, KeyRange range, bool askIndexedDb, List<StateChange<T>> changes)
    {
        var schema = Binding.Schema.Indexes[position];
        var matches = new List<(IndexKey Order, IndexKey Key, T Value)>();
        var (candidates, preRead) = await CandidateKeysAsync(position, range, askIndexedDb).ConfigureAwait(false);
        await HydrateManyAsync(candidates, changes, preRead).ConfigureAwait(false);
        foreach (var key in candidates)
        {
            if (!_memory.TryGetValue(key, out var entry))
            {
                continue;
            }

            // Memory may be newer than IndexedDB: the value itself decides whether it matches.
            var value = IndexValue(position, entry.Value);
            if (schema.MultiEntry && value.Kind == IndexKeyKind.Array)
            {
                foreach (var element in value.Items.Distinct())
                {
                    if (range.Contains(element))
                    {
                        matches.Add((element, key, entry.Value));
                    }
                }
            }
            else if (range.Contains(value))
            {
                matches.Add((value, key, entry.Value));
            }
        }

        return InIndexOrder(matches, schema.MultiEntry);
    }

    /// <summary>
    /// Matches in index order, then key order (IndexedDB's order). A multi-entry index can match a
    /// record through several elements: it is listed once, at its first match.
    /// </summary>
    private static List<T> InIndexOrder(List<(IndexKey Order, IndexKey Key, T Value)> matches, bool multiEntry)
    {
        // IndexedDB returns a query in this order already, and the candidates keep it when no
        // pending key joins them: one pass to check costs far less than a sort on the interpreter.
        if (!InOrder(matches))
        {
            matches.Sort(static (a, b) => Compare(a, b));
        }

        var values = new List<T>(matches.Count);
        var listed = multiEntry ? new HashSet<IndexKey>() : null;
        foreach (var match in matches)
        {
            if (listed is null || listed.Add(match.Key))
            {
                values.Add(match.Value);
            }
        }

        return values;

        static int Compare((IndexKey Order, IndexKey Key, T Value) a, (IndexKey Order, IndexKey Key, T Value) b)
        {
            var order = a.Order.CompareTo(b.Order);
            return order != 0 ? order : a.Key.CompareTo(b.Key);
        }

        static bool InOrder(List<(IndexKey Order, IndexKey Key, T Value)> matches)
        {
            for (var i = 1; i < matches.Count; i++)
            {
                if (Compare(matches[i - 1], matches[i]) > 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Keys that may match an index query, and the copies read to learn them: IndexedDB's answer
    /// when it is there (its records are the IndexedDB copies, so they are not read again), else
    /// every key of every layer (also when <paramref name="askIndexedDb"/> is false: it was asked and failed).
    /// </summary>
    private async ValueTask<(IReadOnlyCollection<IndexKey> Keys, PreRead Copies)> CandidateKeysAsync(int position, KeyRange range, bool askIndexedDb)
    {
        if (!askIndexedDb || !AvailableLayers().Contains(StateLayer.IndexedDb) ||
            await QueryIndexedDbAsync(Binding.Schema.Indexes[position].Name, range).ConfigureAwait(false) is not { } records)
        {
            return await ReadEverythingAsync().ConfigureAwait(false);
        }

        // Besides IndexedDB's answer, only keys whose IndexedDB copy may be behind memory can
        // match: those pending for it (hydration marks a layer lacking a record, or holding a stale
        // copy, pending too). Every other memory entry equals its IndexedDB copy, which the query
        // has already judged.
        var keys = new HashSet<IndexKey>(_pending[StateLayer.IndexedDb]);
        var copies = new Dictionary<IndexKey, Copy>(records.Count);
        foreach (var record in records)
        {
            keys.Add(record.Key);

            // A multi-entry index returns a record once per matching element: decode it once. Only
            // keys that are neither in memory nor pending hydrate, so only theirs are decoded.
            if (!copies.ContainsKey(record.Key) && !_memory.ContainsKey(record.Key) && !IsPending(record.Key) &&
                TryDecode(StateLayer.IndexedDb, record.Value, record.Key) is { } copy)
            {
                copies[record.Key] = copy;
            }
        }

        var preRead = new PreRead();
        preRead.Copies[StateLayer.IndexedDb] = copies;
        return (keys, preRead);
    }
}
