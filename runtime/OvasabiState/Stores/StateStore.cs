using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using OvasabiState.Layers;
using OvasabiState.Serialization;
using OvasabiState.Storage;
using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>
/// The store of one layered type: the memory layer (deserialized values with their stamps) over
/// the type's lower layers. One async lock serializes every operation, so concurrent callers
/// never lose an update. Reading, writing and flushing live here; reconciling copies is in
/// <c>StateStore.Reconcile.cs</c>, flushing in <c>StateStore.Flush.cs</c>.
/// </summary>
internal sealed partial class StateStore<T> : IStateStore<T>, IStoreController, IStateStoreEvents, IDisposable
{
    /// <summary>How many earlier versions a memory entry remembers as three-way merge bases: enough for a few crossing flushes.</summary>
    private const int MaxSharedVersions = 4;

    private readonly StateRuntime _runtime;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<IndexKey, MemoryEntry> _memory = new();
    private readonly Dictionary<StateLayer, HashSet<IndexKey>> _pending;
    private readonly StateLayer[] _lower;
    /// <summary>Per index of the schema (same positions), the ordinals of its members among the indexed members.</summary>
    private readonly int[][] _indexPaths;
    private readonly string[] _indexNames;

    public StateStore(StateRuntime runtime, StateBinding<T> binding)
    {
        _runtime = runtime;
        Binding = binding;
        _lower = Binding.Layers.Where(l => l != StateLayer.Memory).ToArray();
        _pending = _lower.ToDictionary(l => l, _ => new HashSet<IndexKey>());
        var ordinals = Binding.Schema.IndexedMembers.Select((member, ordinal) => (member, ordinal)).ToDictionary(p => p.member, p => p.ordinal);
        _indexPaths = Binding.Schema.Indexes.Select(index => index.KeyPath.Select(member => ordinals[member]).ToArray()).ToArray();
        _indexNames = Binding.Schema.Indexes.Select(index => index.Name).ToArray();
    }

    public event EventHandler<StateChange<T>>? Changed;

    public event Action<StoreChange>? AnyChanged;

    public StateBinding<T> Binding { get; }

    IStateBinding IStoreController.Binding => Binding;

    // Counts are read without the gate (blocking waits are not allowed in the browser): a snapshot for the status.
    public int MemoryCount => _memory.Count;

    private string Store => Binding.Schema.Name;

    public async ValueTask<T?> FindAsync(IndexKey key, CancellationToken cancellationToken = default) =>
        await LookupAsync(key, cancellationToken).ConfigureAwait(false) is { } entry ? entry.Value : default;

    public async ValueTask<IReadOnlyDictionary<IndexKey, T>> FindManyAsync(IEnumerable<IndexKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var wanted = new List<IndexKey>();
        foreach (var key in keys)
        {
            if (key.Kind != IndexKeyKind.None)
            {
                wanted.Add(key);
            }
        }

        var changes = new List<StateChange<T>>();
        var found = new Dictionary<IndexKey, T>(wanted.Count);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One read per layer for the keys memory lacks; a pending key not in memory is a delete not yet flushed.
            await HydrateManyAsync(wanted, changes).ConfigureAwait(false);
            foreach (var key in wanted)
            {
                if (_memory.TryGetValue(key, out var entry))
                {
                    found[key] = entry.Value;
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        AfterChanges(changes);
        return found;
    }

    // Decided on the entry, not on FindAsync's value: for a struct record FindAsync's "absent" is default(T), not null.
    public async ValueTask<T> GetAsync(IndexKey key, CancellationToken cancellationToken = default) =>
        await LookupAsync(key, cancellationToken).ConfigureAwait(false) is { } entry ? entry.Value : Binding.CreateDefault();

    public ValueTask<T> GetAsync(CancellationToken cancellationToken = default) =>
        GetAsync(IndexKey.Singleton, cancellationToken);

    public ValueTask SetAsync(T value, CancellationToken cancellationToken = default) =>
        SetManyAsync([value], cancellationToken);

    private async ValueTask<MemoryEntry?> LookupAsync(IndexKey key, CancellationToken cancellationToken)
    {
        var changes = new List<StateChange<T>>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        MemoryEntry? entry;
        try
        {
            entry = await EntryAsync(key, changes).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        AfterChanges(changes);
        return entry;
    }

    public async ValueTask SetManyAsync(IEnumerable<T> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var changes = new List<StateChange<T>>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var list = values as IReadOnlyCollection<T> ?? values.ToList();
            // Many keys: learn which exist (and hydrate those) with one read per layer, not one per key.
            var absent = list.Count > 1
                ? await HydrateManyAsync(list.Select(KeyOf).Where(k => k.Kind != IndexKeyKind.None), changes).ConfigureAwait(false)
                : null;
            foreach (var value in list)
            {
                await WriteAsync(value, StateChangeKind.Written, changes, absent).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        AfterChanges(changes);
    }

    public async ValueTask<MemberMask> UpdateAsync(IndexKey key, Func<T, T> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var changes = new List<StateChange<T>>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = await EntryAsync(key, changes).ConfigureAwait(false);
            var current = entry is null ? Binding.CreateDefault() : entry.Value;
            var next = update(current);
            if (Binding.GetKey(next) != key && Binding.HasKey)
            {
                throw new ArgumentException($"The update changed the key of {Binding.TypeName} from {key} to {Binding.GetKey(next)}; write the new record with SetAsync instead.", nameof(update));
            }

            var changed = Binding.Diff(current, next);
            await WriteAsync(next, StateChangeKind.Written, changes).ConfigureAwait(false);
            return changed;
        }
        finally
        {
            _gate.Release();
            AfterChanges(changes);
        }
    }

    public async ValueTask<bool> DeleteAsync(IndexKey key, CancellationToken cancellationToken = default)
    {
        var changes = new List<StateChange<T>>();
        bool existed;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            existed = await EntryAsync(key, changes).ConfigureAwait(false) is not null;
            if (existed)
            {
                RemoveEverywhere(key);
                changes.Add(new StateChange<T>(key, StateChangeKind.Deleted, default, MemberMask.All(Binding.MemberCount)));
            }
        }
        finally
        {
            _gate.Release();
        }

        AfterChanges(changes);
        return existed;
    }

    public async ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default)
    {
        var changes = new List<StateChange<T>>();
        var values = new List<(IndexKey Key, T Value)>();
        List<T>? listed = null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // IndexedDB holds every record (IndexedDbIsExact): its records, in key order, are the list.
            if (IndexedDbIsExact() && await ReadAllIndexedDbAsync().ConfigureAwait(false) is { } stored)
            {
                listed = new List<T>(stored.Count);
                _memory.EnsureCapacity(_memory.Count + stored.Count);
                foreach (var entry in stored)
                {
                    if (entry.Key is { } key && TakeIndexedDbCopy(key, entry.Bytes, -1, KeyRange.All) is { } taken)
                    {
                        listed.Add(taken.Value);
                    }
                }
            }
            else
            {
                // One whole read per layer, and the records hydrate from what it returned.
                var (keys, preRead) = await ReadEverythingAsync().ConfigureAwait(false);
                await HydrateManyAsync(keys, changes, preRead).ConfigureAwait(false);
                foreach (var key in keys)
                {
                    if (_memory.TryGetValue(key, out var entry))
                    {
                        values.Add((key, entry.Value));
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        AfterChanges(changes);
        return listed ?? values.OrderBy(v => v.Key).Select(v => v.Value).ToList();
    }

    public async IAsyncEnumerable<StateChange<T>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<StateChange<T>>(new UnboundedChannelOptions { SingleReader = true });
        void OnChanged(object? sender, StateChange<T> change) => channel.Writer.TryWrite(change);
        Changed += OnChanged;
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var change))
                {
                    yield return change;
                }
            }
        }
        finally
        {
            Changed -= OnChanged;
        }
    }

    public int PendingCount(StateLayer layer) => _pending.TryGetValue(layer, out var keys) ? keys.Count : 0;

    public async Task ResetAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _memory.Clear();
            foreach (var keys in _pending.Values)
            {
                keys.Clear();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The memory entry of <paramref name="key"/>, hydrating it from the lower layers on first use. Call under the gate.</summary>
    /// <remarks>Not an async method: it hands on <see cref="HydrateAsync"/>'s task, one state machine fewer per cold read on the interpreter.</remarks>
    private ValueTask<MemoryEntry?> EntryAsync(IndexKey key, List<StateChange<T>> changes, HashSet<IndexKey>? absent = null)
    {
        if (_memory.TryGetValue(key, out var entry))
        {
            return ValueTask.FromResult<MemoryEntry?>(entry);
        }

        // Not in memory but pending: a delete not flushed yet. The lower layers still hold the old
        // copy, and hydrating it would bring the record back (and the flush would write it again).
        // Absent: a batched read of this operation already found no copy.
        return IsPending(key) || absent?.Contains(key) == true ? ValueTask.FromResult<MemoryEntry?>(null) : HydrateAsync(key, changes);
    }

    /// <summary>True while a layer that can take writes has not received the latest write (or delete) of <paramref name="key"/>.</summary>
    private bool IsPending(IndexKey key)
    {
        // A loop, not LINQ: it runs per key of every batch read and query.
        foreach (var layer in _lower)
        {
            if (_pending[layer].Contains(key) && _runtime.Health[layer].Available)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes <paramref name="value"/> into memory and marks it pending for every lower layer. Call under the gate.</summary>
    private async ValueTask WriteAsync(T value, StateChangeKind kind, List<StateChange<T>> changes, HashSet<IndexKey>? absent = null)
    {
        var key = KeyOf(value);
        if (key.Kind == IndexKeyKind.None)
        {
            throw new ArgumentException($"A {Binding.TypeName} needs a key: its [StateKey] member '{Binding.Schema.KeyPath}' is null.", nameof(value));
        }

        var existing = await EntryAsync(key, changes, absent).ConfigureAwait(false);
        var payload = Binding.Serialize(value);
        var hash = StateHash.Of(payload);
        if (existing is not null && existing.Stamp.ContentHash == hash)
        {
            return;
        }

        var stamp = existing is null ? StateStamp.First(hash, _runtime.InstanceId, _runtime.Now) : NextStamp(existing, hash);
        _memory[key] = new MemoryEntry(value, payload, stamp, existing?.Shared ?? []);
        MarkPending(key);
        changes.Add(new StateChange<T>(key, kind, value, existing is null ? MemberMask.All(Binding.MemberCount) : Binding.Diff(existing.Value, value)));
    }

    /// <summary>
    /// The stamp of a write over <paramref name="existing"/>. Only versions that reached storage
    /// are kept as ancestors: one that never left memory cannot be held by anyone else, and a burst
    /// of writes between flushes would otherwise push the shared versions out of the bounded
    /// ancestor list, so the other tabs would see a conflict where there is a fast-forward.
    /// </summary>
    private StateStamp NextStamp(MemoryEntry existing, ulong hash)
    {
        var current = existing.Stamp;
        return existing.Shared.Any(s => s.Hash == current.ContentHash)
            ? current.Next(hash, _runtime.InstanceId, _runtime.Now)
            : new StateStamp(current.Version + 1, StateLayer.Memory, _runtime.InstanceId, hash, _runtime.Now, current.Ancestors);
    }

    /// <summary>The key <paramref name="value"/> is stored under (the singleton key for a type without one).</summary>
    private IndexKey KeyOf(T value) => Binding.HasKey ? Binding.GetKey(value) : IndexKey.Singleton;

    private void RemoveEverywhere(IndexKey key)
    {
        _memory.Remove(key);
        MarkPending(key);
    }

    private void MarkPending(IndexKey key)
    {
        foreach (var keys in _pending.Values)
        {
            keys.Add(key);
        }
    }

    private bool AnyPending()
    {
        foreach (var keys in _pending.Values)
        {
            if (keys.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Raises events and schedules the flush the sync mode asks for. Call outside the gate.</summary>
    private void AfterChanges(List<StateChange<T>> changes)
    {
        if (Binding.Sync == SyncMode.Realtime && AnyPending())
        {
            ScheduleFlush();
        }

        foreach (var change in changes)
        {
            Changed?.Invoke(this, change);
            AnyChanged?.Invoke(new StoreChange(Store, change.Key, change.Kind));
        }
    }

    /// <summary>The lower layers that can be read now, in priority order.</summary>
    private List<StateLayer> AvailableLayers()
    {
        // A loop, not LINQ: it runs per cold read.
        var layers = new List<StateLayer>(_lower.Length);
        foreach (var layer in _lower)
        {
            if (_runtime.Health[layer].Available)
            {
                layers.Add(layer);
            }
        }

        return layers;
    }

    /// <summary>The value of the schema's index at <paramref name="position"/> for <paramref name="value"/> (an array for a compound index).</summary>
    /// <remarks>Plain loops, no LINQ, no name lookups: it runs per record of every flush, on the interpreter.</remarks>
    private IndexKey IndexValue(int position, T value)
    {
        var path = _indexPaths[position];
        if (path.Length == 1)
        {
            return Binding.GetIndexedValue(value, path[0]);
        }

        var parts = new IndexKey[path.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Binding.GetIndexedValue(value, path[i]);
            if (parts[i].Kind == IndexKeyKind.None)
            {
                return IndexKey.None;
            }
        }

        return IndexKey.Array(parts);
    }

    /// <summary>The values of every index for <paramref name="value"/>: one array per record, the names shared by all.</summary>
    private IndexValueList IndexValues(T value)
    {
        var values = new IndexKey[_indexNames.Length];
        for (var position = 0; position < values.Length; position++)
        {
            values[position] = IndexValue(position, value);
        }

        return new IndexValueList(_indexNames, values);
    }

    /// <summary>
    /// <paramref name="shared"/> with the version <paramref name="hash"/> (<paramref name="value"/>) first, at most <see cref="MaxSharedVersions"/> long.
    /// </summary>
    private static IReadOnlyList<SharedVersion> Remember(IReadOnlyList<SharedVersion> shared, ulong hash, T value)
    {
        if (shared.Count > 0 && shared[0].Hash == hash)
        {
            return shared;
        }

        if (shared.Count == 0)
        {
            return [new SharedVersion(hash, value)];
        }

        var remembered = new List<SharedVersion>(Math.Min(shared.Count + 1, MaxSharedVersions)) { new(hash, value) };
        foreach (var version in shared)
        {
            if (remembered.Count == MaxSharedVersions)
            {
                break;
            }

            if (version.Hash != hash)
            {
                remembered.Add(version);
            }
        }

        return remembered;
    }

    /// <summary>
    /// A value held in memory: the live value, its payload and stamp, and the versions known to
    /// have been in storage (read at hydration, taken from another tab, or flushed from here),
    /// newest first. Another copy can only descend from such a version, so the newest one both
    /// copies descend from is the base of a three-way merge.
    /// </summary>
    private sealed record MemoryEntry(T Value, byte[] Payload, StateStamp Stamp, IReadOnlyList<SharedVersion> Shared);

    /// <summary>An earlier version of a record and its content hash.</summary>
    private sealed record SharedVersion(ulong Hash, T Value);
}
