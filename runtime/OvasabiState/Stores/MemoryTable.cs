using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using OvasabiState.Conflicts;

namespace OvasabiState.Stores;

/// <summary>
/// A store's memory: the one owner of its in-memory copies, what each layer is known to hold, and
/// so of its pending writes. Every change of an entry goes through here, which keeps the set of
/// pending keys (a flush reads it instead of scanning memory). Not thread-safe: the store's gate
/// serializes every caller.
/// </summary>
internal sealed class MemoryTable<T>(int layerCount)
{
    private readonly Dictionary<IndexKey, MemoryEntry<T>> _entries = new();
    private readonly HashSet<IndexKey> _pending = new();
    private int _live;

    /// <summary>Number of lower layers each entry tracks.</summary>
    public int LayerCount => layerCount;

    /// <summary>Records held and not deleted (read without the gate for the status: a snapshot).</summary>
    public int LiveCount => _live;

    /// <summary>Keys with a write some layer has not taken.</summary>
    public IReadOnlyCollection<IndexKey> PendingKeys => _pending;

    /// <summary>Every entry.</summary>
    public IReadOnlyCollection<MemoryEntry<T>> Entries => _entries.Values;

    public bool TryGet(IndexKey key, [NotNullWhen(true)] out MemoryEntry<T>? entry) => _entries.TryGetValue(key, out entry);

    /// <summary>Grows the table once for <paramref name="more"/> entries (a cold store filling at once).</summary>
    public void Reserve(int more) => _entries.EnsureCapacity(_entries.Count + more);

    /// <summary>Adds (or replaces) the entry of its key.</summary>
    public MemoryEntry<T> Put(MemoryEntry<T> entry)
    {
        if (_entries.TryGetValue(entry.Key, out var old))
        {
            _live -= old.IsLive ? 1 : 0;
        }

        _entries[entry.Key] = entry;
        _live += entry.IsLive ? 1 : 0;
        Track(entry);
        return entry;
    }

    /// <summary>A new entry for <paramref name="copy"/> over what the layers are known to hold.</summary>
    public MemoryEntry<T> Add(IndexKey key, Copy<T> copy, LayerSync[] synced) => Put(new MemoryEntry<T>(key, copy, synced));

    /// <summary>Makes <paramref name="copy"/> the entry's current copy.</summary>
    public void SetCurrent(MemoryEntry<T> entry, Copy<T> copy)
    {
        _live += (copy.Deleted ? 0 : 1) - (entry.IsLive ? 1 : 0);
        entry.SetCurrent(copy);
        Track(entry);
    }

    /// <summary>Records what layer <paramref name="position"/> holds of the entry's record.</summary>
    public void SetSynced(MemoryEntry<T> entry, int position, LayerSync sync)
    {
        entry.Synced[position] = sync;
        Track(entry);
    }

    /// <summary>Forgets an entry (it is stored everywhere, or it never left memory and is deleted).</summary>
    public void Remove(IndexKey key)
    {
        if (_entries.Remove(key, out var entry))
        {
            _live -= entry.IsLive ? 1 : 0;
            _pending.Remove(key);
        }
    }

    /// <summary>Number of records layer <paramref name="position"/> has not taken.</summary>
    public int PendingCount(int position)
    {
        var count = 0;
        foreach (var key in _pending)
        {
            if (_entries[key].IsPendingFor(position))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>True when the key has a write some layer has not taken.</summary>
    public bool IsPending(IndexKey key) => _pending.Contains(key);

    /// <summary>Forgets everything (the caller has parked what was pending).</summary>
    public void Clear()
    {
        _entries.Clear();
        _pending.Clear();
        _live = 0;
    }

    private void Track(MemoryEntry<T> entry)
    {
        if (entry.IsPending())
        {
            _pending.Add(entry.Key);
        }
        else
        {
            _pending.Remove(entry.Key);
        }
    }
}
