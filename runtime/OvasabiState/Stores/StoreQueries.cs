using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Layers;
using OvasabiState.Storage;

namespace OvasabiState.Stores;

/// <summary>
/// Index queries and whole-store lists. IndexedDB answers them when it can; memory may hold newer
/// values than IndexedDB for the keys pending for it, and those are judged by their own values.
/// Tombstones are never listed.
/// </summary>
internal sealed class StoreQueries<T>(StoreCore<T> core, StoreReader<T> reader)
{
    private readonly int _indexedDb = core.PositionOf(StateLayer.IndexedDb);

    /// <summary>Records whose index <paramref name="position"/> lies in <paramref name="range"/>, in index order; call under the gate.</summary>
    public async ValueTask<List<T>> QueryAsync(int position, KeyRange range, ChangeSet<T> changes)
    {
        var askIndexedDb = true;
        if (IndexedDbIsExact())
        {
            if (await QueryIndexedDbAsync(core.Binding.Schema.Indexes[position].Name, range).ConfigureAwait(false) is { } records)
            {
                return TakeIndexedDbAnswer(records, position, range);
            }

            askIndexedDb = false; // Its read failed and was reported: once is enough.
        }

        return await QueryEveryCopyAsync(position, range, askIndexedDb, changes).ConfigureAwait(false);
    }

    /// <summary>Every live record, in key order; call under the gate.</summary>
    public async ValueTask<List<T>> ListAsync(ChangeSet<T> changes)
    {
        // IndexedDB holds every record: its records, in key order, are the list.
        if (IndexedDbIsExact() && await ReadAllIndexedDbAsync().ConfigureAwait(false) is { } stored)
        {
            var listed = new List<T>(stored.Entries.Count);
            core.Memory.Reserve(stored.Entries.Count);
            foreach (var entry in stored.Entries)
            {
                if (entry.Key is { } key && Take(key, entry.Bytes, entry.Token, stored.Counter, -1, KeyRange.All) is { } taken)
                {
                    listed.Add(taken.Current.Value!);
                }
            }

            return listed;
        }

        var (keys, preRead) = await reader.ReadEverythingAsync().ConfigureAwait(false);
        await reader.HydrateManyAsync(keys, changes, preRead).ConfigureAwait(false);
        var values = new List<(IndexKey Key, T Value)>();
        foreach (var key in keys)
        {
            if (core.Memory.TryGet(key, out var entry) && entry.IsLive)
            {
                values.Add((key, entry.Current.Value!));
            }
        }

        return values.OrderBy(v => v.Key).Select(v => v.Value).ToList();
    }

    /// <summary>The position of the index named <paramref name="index"/> in the schema.</summary>
    public int PositionOf(string index)
    {
        var indexes = core.Binding.Schema.Indexes;
        for (var position = 0; position < indexes.Count; position++)
        {
            if (indexes[position].Name == index)
            {
                return position;
            }
        }

        throw new ArgumentException($"{core.Binding.TypeName} has no index '{index}'; its indexes are: {string.Join(", ", indexes.Select(i => i.Name))}.", nameof(index));
    }

    /// <summary>
    /// True when IndexedDB's answer is the whole answer: it is the only lower layer that can be read
    /// (so a record it lacks exists nowhere else) and no record is pending for it (so every memory
    /// entry equals its IndexedDB copy, which the query has already judged).
    /// </summary>
    private bool IndexedDbIsExact()
    {
        if (_indexedDb < 0)
        {
            return false;
        }

        for (var position = 0; position < core.Lower.Length; position++)
        {
            if (core.Available(position) != (position == _indexedDb))
            {
                return false;
            }
        }

        foreach (var key in core.Memory.PendingKeys)
        {
            if (core.Memory.TryGet(key, out var entry) && entry.IsPendingFor(_indexedDb))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// IndexedDB's answer as the query's result, in its order: memory's entry for a key it holds
    /// (its own value must still match: another tab's write may not have been heard yet), else the
    /// stored copy decoded and put in memory. One lookup per record: the general path costs a dozen
    /// key hashes per record, which was most of a 1,000-record query on the interpreter.
    /// </summary>
    private List<T> TakeIndexedDbAnswer(IndexedDbRead records, int position, KeyRange range)
    {
        var values = new List<T>(records.Count);
        core.Memory.Reserve(records.Count);
        // A multi-entry index lists a record once per matching element: keep its first place.
        var listed = core.Binding.Schema.Indexes[position].MultiEntry ? new HashSet<IndexKey>() : null;
        foreach (var record in records)
        {
            if ((listed is null || listed.Add(record.Key)) && Take(record.Key, record.Value, record.Version, records.Counter, position, range) is { } entry)
            {
                values.Add(entry.Current.Value!);
            }
        }

        return values;
    }

    /// <summary>
    /// One record of IndexedDB's whole answer: memory's live entry when it holds the key (null when
    /// its own value no longer matches), else the stored copy put in memory as the one copy there is
    /// (null, reported, when unreadable; null for a tombstone).
    /// </summary>
    private MemoryEntry<T>? Take(IndexKey key, byte[] stored, string? token, long counter, int position, KeyRange range)
    {
        if (core.Memory.TryGet(key, out var known))
        {
            return known.IsLive && (position < 0 || Matches(position, range, known.Current.Value!)) ? known : null;
        }

        if (core.Decode(StateLayer.IndexedDb, stored, key) is not { } copy)
        {
            return null;
        }

        // The other layers cannot be read now: unknown, as at hydration.
        var synced = core.UnknownSync();
        synced[_indexedDb] = LayerSync.Holds(copy.Version, StoreCore<T>.TokenOf(copy, token), counter);
        var entry = core.Memory.Add(key, copy, synced);
        entry.Remember(copy);
        return entry.IsLive ? entry : null;
    }

    /// <summary>Whether <paramref name="value"/>'s value for the index at <paramref name="position"/> (any element, for a multi-entry one) lies in <paramref name="range"/>.</summary>
    private bool Matches(int position, KeyRange range, T value)
    {
        var key = core.IndexValue(position, value);
        if (core.Binding.Schema.Indexes[position].MultiEntry && key.Kind == IndexKeyKind.Array)
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

    private async ValueTask<LayerReadAll?> ReadAllIndexedDbAsync()
    {
        try
        {
            var unreadable = (IndexKey? key, Exception exception) => core.Report(StateLayer.IndexedDb, exception, key);
            return await core.Runtime.Layers[StateLayer.IndexedDb].ReadAllAsync(core.Binding, core.Runtime.Scope, unreadable).ConfigureAwait(false);
        }
        catch (StorageException exception)
        {
            core.Report(StateLayer.IndexedDb, exception, null);
            return null;
        }
    }

    private async ValueTask<IndexedDbRead?> QueryIndexedDbAsync(string index, KeyRange range)
    {
        try
        {
            return await core.Runtime.Storage.QueryRecordsAsync(core.Runtime.Scope.Database, core.Store, index, range).ConfigureAwait(false);
        }
        catch (StorageException exception)
        {
            core.Report(StateLayer.IndexedDb, exception, null);
            return null;
        }
    }

    /// <summary>
    /// The query over every copy: candidates from IndexedDB's answer (or every key of every layer
    /// without it) and the keys pending for IndexedDB, hydrated, each judged by its memory value.
    /// </summary>
    private async ValueTask<List<T>> QueryEveryCopyAsync(int position, KeyRange range, bool askIndexedDb, ChangeSet<T> changes)
    {
        var schema = core.Binding.Schema.Indexes[position];
        var matches = new List<(IndexKey Order, IndexKey Key, T Value)>();
        var (candidates, preRead) = await CandidateKeysAsync(position, range, askIndexedDb).ConfigureAwait(false);
        await reader.HydrateManyAsync(candidates, changes, preRead).ConfigureAwait(false);
        foreach (var key in candidates)
        {
            if (!core.Memory.TryGet(key, out var entry) || !entry.IsLive)
            {
                continue;
            }

            // Memory may be newer than IndexedDB: the value itself decides whether it matches.
            var value = core.IndexValue(position, entry.Current.Value!);
            if (schema.MultiEntry && value.Kind == IndexKeyKind.Array)
            {
                foreach (var element in value.Items.Distinct())
                {
                    if (range.Contains(element))
                    {
                        matches.Add((element, key, entry.Current.Value!));
                    }
                }
            }
            else if (range.Contains(value))
            {
                matches.Add((value, key, entry.Current.Value!));
            }
        }

        return InIndexOrder(matches, schema.MultiEntry);
    }

    /// <summary>Matches in index order, then key order (IndexedDB's order); a multi-entry match is listed once, at its first place.</summary>
    private static List<T> InIndexOrder(List<(IndexKey Order, IndexKey Key, T Value)> matches, bool multiEntry)
    {
        // IndexedDB returns a query in this order already: one pass to check costs far less than a sort on the interpreter.
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
    /// Keys that may match: IndexedDB's answer when it is there (its records are the IndexedDB
    /// copies, so they are not read again) plus the keys pending for IndexedDB; else every key of
    /// every layer.
    /// </summary>
    private async ValueTask<(IReadOnlyCollection<IndexKey> Keys, PreRead<T>? PreRead)> CandidateKeysAsync(int position, KeyRange range, bool askIndexedDb)
    {
        if (!askIndexedDb || _indexedDb < 0 || !core.Available(_indexedDb) ||
            await QueryIndexedDbAsync(core.Binding.Schema.Indexes[position].Name, range).ConfigureAwait(false) is not { } records)
        {
            return await reader.ReadEverythingAsync().ConfigureAwait(false);
        }

        var keys = new HashSet<IndexKey>();
        foreach (var key in core.Memory.PendingKeys)
        {
            keys.Add(key);
        }

        var finds = new Dictionary<IndexKey, LayerFind<T>>(records.Count);
        foreach (var record in records)
        {
            keys.Add(record.Key);
            // Only keys memory lacks hydrate, so only theirs are decoded (a multi-entry answer lists a record once per element).
            if (!finds.ContainsKey(record.Key) && !core.Memory.TryGet(record.Key, out _))
            {
                finds[record.Key] = reader.Find(StateLayer.IndexedDb, new LayerEntry(record.Key, record.Value, record.Version), record.Key, records.Counter);
            }
        }

        // IndexedDB's finds are known (every key that hydrates is in its answer: the pending ones are
        // in memory); the other layers are read for the keys that hydrate.
        return (keys, finds.Count == 0 ? null : PreReadOf(finds, records.Counter));
    }

    private PreRead<T> PreReadOf(Dictionary<IndexKey, LayerFind<T>> finds, long counter)
    {
        var preRead = new PreRead<T>(core.Lower.Length);
        preRead.Layers[_indexedDb] = finds;
        preRead.Counters[_indexedDb] = counter;
        return preRead;
    }
}
