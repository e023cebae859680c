using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>
/// The store of one layered type: a thin facade. Memory is a <see cref="MemoryTable{T}"/>;
/// reads hydrate it (<see cref="StoreReader{T}"/>, <see cref="StoreQueries{T}"/>), the app's
/// writes go in as new versions (<see cref="StoreWriter{T}"/>), flushes write every pending
/// record compare-and-set (<see cref="StoreFlusher{T}"/>), conflicts are decided by the pure
/// <see cref="Conflicts.Reconciler"/> and taken into memory by <see cref="CopyIntake{T}"/>,
/// pending writes are kept durable by <see cref="StoreOutbox{T}"/>, and retention runs in
/// <see cref="StoreMaintenance{T}"/>. One <see cref="StoreGate{T}"/> serializes every
/// operation and raises what it changed by one rule. Other tabs, retries and sync modes are in
/// <c>StateStore.Sync.cs</c>.
/// </summary>
internal sealed partial class StateStore<T> : IStateStore<T>, IStoreController, IStateStoreEvents, IDisposable
{
    private readonly StoreCore<T> _core;
    private readonly StoreGate<T> _gate;
    private readonly CopyIntake<T> _intake;
    private readonly StoreReader<T> _reader;
    private readonly StoreWriter<T> _writer;
    private readonly StoreOutbox<T> _outbox;
    private readonly StoreFlusher<T> _flusher;
    private readonly StoreQueries<T> _queries;
    private readonly StoreMaintenance<T> _maintenance;

    public StateStore(StateRuntime runtime, StateBinding<T> binding)
    {
        _core = new StoreCore<T>(runtime, binding);
        _gate = new StoreGate<T>(AfterExitAsync);
        _intake = new CopyIntake<T>(_core);
        _reader = new StoreReader<T>(_core, _intake);
        _writer = new StoreWriter<T>(_core);
        _outbox = new StoreOutbox<T>(_core, _intake);
        _flusher = new StoreFlusher<T>(_core, _intake, _reader, _outbox);
        _queries = new StoreQueries<T>(_core, _reader);
        _maintenance = new StoreMaintenance<T>(_core, _reader, _writer);
    }

    public event EventHandler<StateChange<T>>? Changed;

    public event Action<StoreChange>? AnyChanged;

    public StateBinding<T> Binding => _core.Binding;

    IStateBinding IStoreController.Binding => Binding;

    // Read without the gate (blocking waits are not allowed in the browser): a snapshot for the status.
    public int MemoryCount => _core.Memory.LiveCount;

    public async ValueTask<T?> FindAsync(IndexKey key, CancellationToken cancellationToken = default)
    {
        await using var hold = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        return (await _reader.EntryAsync(key, hold.Changes).ConfigureAwait(false)).Entry is { IsLive: true } entry ? entry.Current.Value : default;
    }

    public async ValueTask<IReadOnlyDictionary<IndexKey, T>> FindManyAsync(IEnumerable<IndexKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var wanted = keys.Where(k => k.Kind != IndexKeyKind.None).ToList();
        var found = new Dictionary<IndexKey, T>(wanted.Count);
        await using var hold = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        // One read per layer for the keys memory lacks.
        await _reader.HydrateManyAsync(wanted, hold.Changes).ConfigureAwait(false);
        foreach (var key in wanted)
        {
            if (_core.Memory.TryGet(key, out var entry) && entry.IsLive)
            {
                found[key] = entry.Current.Value!;
            }
        }

        return found;
    }

    // Decided on the entry, not on FindAsync's value: for a struct record FindAsync's "absent" is default(T), not null.
    public async ValueTask<T> GetAsync(IndexKey key, CancellationToken cancellationToken = default)
    {
        await using var hold = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        return (await _reader.EntryAsync(key, hold.Changes).ConfigureAwait(false)).Entry is { IsLive: true } entry ? entry.Current.Value! : Binding.CreateDefault();
    }

    public ValueTask<T> GetAsync(CancellationToken cancellationToken = default) => GetAsync(IndexKey.Singleton, cancellationToken);

    public ValueTask SetAsync(T value, CancellationToken cancellationToken = default) => SetManyAsync([value], cancellationToken);

    public async ValueTask SetManyAsync(IEnumerable<T> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values as IReadOnlyCollection<T> ?? values.ToList();
        await using var hold = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        // Many keys: learn which exist (and hydrate those) with one read per layer, not one per key.
        var absent = list.Count > 1 ? await _reader.HydrateManyAsync(list.Select(KeyOf), hold.Changes).ConfigureAwait(false) : null;
        foreach (var value in list)
        {
            var key = KeyOf(value);
            var (entry, unknown) = absent is not null && absent.TryGetValue(key, out var known)
                ? (null, known)
                : await _reader.EntryAsync(key, hold.Changes).ConfigureAwait(false);
            _writer.Write(key, entry ?? (_core.Memory.TryGet(key, out var written) ? written : null), unknown, value, hold.Changes);
        }
    }

    public async ValueTask<MemberMask> UpdateAsync(IndexKey key, Func<T, T> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        await using var hold = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var (entry, absent) = await _reader.EntryAsync(key, hold.Changes).ConfigureAwait(false);
        var current = entry is { IsLive: true } ? entry.Current.Value! : Binding.CreateDefault();
        var next = update(current);
        if (Binding.HasKey && Binding.GetKey(next) != key)
        {
            throw new ArgumentException($"The update changed the key of {Binding.TypeName} from {key} to {Binding.GetKey(next)}; write the new record with SetAsync instead.", nameof(update));
        }

        _writer.Write(key, entry, absent, next, hold.Changes);
        return Binding.Diff(current, next);
    }

    public async ValueTask<bool> DeleteAsync(IndexKey key, CancellationToken cancellationToken = default)
    {
        await using var hold = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        return (await _reader.EntryAsync(key, hold.Changes).ConfigureAwait(false)).Entry is { } entry &&
               _writer.Delete(entry, StateChangeKind.Deleted, hold.Changes);
    }

    public async ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var hold = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await _queries.ListAsync(hold.Changes).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<T>> QueryAsync(string index, KeyRange range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var position = _queries.PositionOf(index);
        await using var hold = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await _queries.QueryAsync(position, range, hold.Changes).ConfigureAwait(false);
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

    public int PendingCount(StateLayer layer) => _core.PositionOf(layer) is var position and >= 0 ? _core.Memory.PendingCount(position) : 0;

    public async Task<IReadOnlyList<StoredCopy>> MemoryCopiesAsync()
    {
        await using var hold = await _gate.EnterAsync().ConfigureAwait(false);
        return _core.Memory.Entries.Where(e => e.IsLive)
            .Select(e => CopyPreview.Describe(Binding, e.Current.Payload.Length, e.Current.Stamp, e.Current.Payload))
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<int> ForgetStoredAsync()
    {
        await using var hold = await _gate.EnterAsync().ConfigureAwait(false);
        var stored = _core.Memory.Entries.Where(e => !e.IsPending()).Select(e => e.Key).ToList();
        foreach (var key in stored)
        {
            _core.Memory.Remove(key);
        }

        return stored.Count;
    }

    public async Task<object> ParkAsync()
    {
        await using var hold = await _gate.EnterAsync().ConfigureAwait(false);
        var pending = _core.Memory.Entries.Where(e => e.IsPending()).ToList();
        _core.Memory.Clear();
        _outbox.Forget();
        return pending;
    }

    public async Task RestoreAsync(object parked)
    {
        await using var hold = await _gate.EnterAsync().ConfigureAwait(false);
        foreach (var entry in (List<MemoryEntry<T>>)parked)
        {
            if (!_core.Memory.TryGet(entry.Key, out _))
            {
                _core.Memory.Put(entry);
                hold.Changes.Wrote = true;
                if (entry.AwaitsLog)
                {
                    // Still waits for its conflict entry (parked and restored with it) to be kept;
                    // a log kept for the other user in between must not have released it.
                    _core.AwaitingLog.Add(entry.Key);
                }
            }
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The version of this tab's copy of <paramref name="key"/> (a tombstone's for a deleted record), or null: a snapshot without the gate, for tests.</summary>
    internal Versions.StateVersion? VersionOf(IndexKey key) => _core.Memory.TryGet(key, out var entry) ? entry.Current.Version : null;

    public string DescribePending() => string.Join("; ", _core.Memory.PendingKeys.Select(k => $"{_core.Store} {k}: {Peek(k)}"));

    /// <summary>This tab's copy of <paramref name="key"/> and what each layer is known to hold, as text: a snapshot without the gate, for tests.</summary>
    internal string Peek(IndexKey key) =>
        !_core.Memory.TryGet(key, out var entry) ? "not in memory"
        : $"{(entry.IsLive ? entry.Current.Value!.ToString() : "deleted")}, lineage [{string.Join(", ", entry.Current.Stamp.Ancestors)}], layers [{string.Join(", ", entry.Synced.Select((s, i) => $"{_core.Lower[i]}: {s.State} {s.Version}"))}]";

    private IndexKey KeyOf(T value)
    {
        var key = _core.KeyOf(value);
        return key.Kind == IndexKeyKind.None
            ? throw new ArgumentException($"A {Binding.TypeName} needs a key: its [StateKey] member '{Binding.Schema.KeyPath}' is null.", nameof(value))
            : key;
    }
}
