using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Layers;
using OvasabiState.Storage;
using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>
/// Flushing: each lower layer gets one batch per flush (one IndexedDB transaction, one Web
/// Storage call) holding every record pending for it. A layer that fails keeps its records
/// pending, so they are retried at the next flush and never dropped.
/// </summary>
internal sealed partial class StateStore<T>
{
    /// <summary>Changes per cross-tab message: a bulk flush announces itself in a few messages, each short to build and to read.</summary>
    private const int MessageChunk = 2_000;

    private int _flushScheduled;

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var written = new List<(IndexKey Key, ulong Hash)>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var encoded = new Dictionary<IndexKey, LayerWrite>();
            var stored = new HashSet<IndexKey>();
            foreach (var layer in _lower)
            {
                var keys = _pending[layer];
                if (keys.Count == 0 || !_runtime.Health[layer].Available)
                {
                    continue;
                }

                var batch = await EncodeAsync(keys, encoded).ConfigureAwait(false);
                try
                {
                    await _runtime.Layers[layer].WriteAsync(Binding, _runtime.Scope, batch).ConfigureAwait(false);
                    stored.UnionWith(keys);
                    keys.Clear();
                    _runtime.Health[layer].Succeeded(_runtime.Now);
                }
                catch (StorageException exception)
                {
                    _runtime.Report(layer, exception, Store, batch.Count == 1 ? batch[0].Key : (IndexKey?)null);
                }
            }

            var slice = PageSlice.Start();
            foreach (var key in encoded.Keys)
            {
                // In storage now: other tabs and later loads may derive copies from this version,
                // so it is a base candidate for the next three-way merge.
                if (stored.Contains(key) && _memory.TryGetValue(key, out var entry))
                {
                    _memory[key] = entry with { Shared = Remember(entry.Shared, entry.Stamp.ContentHash, entry.Value) };
                }

                // Announced as soon as a shared layer (localStorage, IndexedDB) has it: other tabs
                // can read it from there even while another layer (say, a full localStorage) still waits.
                if (stored.Contains(key) || !IsPending(key))
                {
                    written.Add((key, _memory.TryGetValue(key, out var current) ? current.Stamp.ContentHash : 0));
                }

                if (slice.Due())
                {
                    await _runtime.Storage.YieldToPageAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        // One message per flush (a few for a bulk one): a message per key cost 10,000 posts for
        // a bulk write, and each other tab then read the records back one by one.
        for (var start = 0; start < written.Count; start += MessageChunk)
        {
            if (start > 0)
            {
                await _runtime.Storage.YieldToPageAsync(CancellationToken.None).ConfigureAwait(false);
            }

            var chunk = written.GetRange(start, Math.Min(MessageChunk, written.Count - start));
            try
            {
                var changes = chunk.Select(w => new CrossTabChange(w.Key.ToString(), w.Hash)).ToList();
                await _runtime.Storage.BroadcastAsync(new CrossTabMessage($"{_runtime.Scope.UserId}/{Store}", _runtime.InstanceId, changes), CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageException exception)
            {
                _runtime.Report(StateLayer.Memory, exception, Store, written.Count == 1 ? written[0].Key : (IndexKey?)null);
                return;
            }
        }
    }

    /// <summary>
    /// The writes of <paramref name="keys"/>, each encoded once per flush (layers share them),
    /// yielding to the page whenever a <see cref="PageSlice"/> is spent: encoding costs ~15 µs a
    /// record on the WebAssembly interpreter, so a 10,000-record flush in one go held the page ~150 ms.
    /// </summary>
    private async Task<List<LayerWrite>> EncodeAsync(HashSet<IndexKey> keys, Dictionary<IndexKey, LayerWrite> encoded)
    {
        var batch = new List<LayerWrite>(keys.Count);
        var slice = PageSlice.Start();
        foreach (var key in keys)
        {
            if (!encoded.TryGetValue(key, out var write))
            {
                write = encoded[key] = Encode(key);
            }

            batch.Add(write);
            if (slice.Due())
            {
                await _runtime.Storage.YieldToPageAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        return batch;
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now)
    {
        if (Binding.Retention is not { } retention)
        {
            return 0;
        }

        var changes = new List<StateChange<T>>();
        var removed = 0;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // One whole read per layer gives every key and every copy's stamp.
            var (keys, preRead) = await ReadEverythingAsync().ConfigureAwait(false);
            var copies = await ReadCopiesAsync(keys.ToList(), preRead).ConfigureAwait(false);
            foreach (var key in keys)
            {
                var stamps = copies.TryGetValue(key, out var found) ? found.Select(c => c.Stamp).ToList() : [];
                if (_memory.TryGetValue(key, out var entry))
                {
                    stamps.Add(entry.Stamp);
                }

                // Expired when even the newest copy is older than the retention.
                if (stamps.Count > 0 && now - stamps.Max(s => s.Timestamp) > retention)
                {
                    RemoveEverywhere(key);
                    removed++;
                    changes.Add(new StateChange<T>(key, StateChangeKind.Expired, default, MemberMask.All(Binding.MemberCount)));
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        AfterChanges(changes);
        if (removed > 0)
        {
            await FlushAsync().ConfigureAwait(false);
        }

        return removed;
    }

    public async Task ReindexAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var layer = _runtime.Layers[StateLayer.IndexedDb];
            var writes = new List<LayerWrite>();
            foreach (var entry in await layer.ReadAllAsync(Binding, _runtime.Scope, (key, exception) => _runtime.Report(StateLayer.IndexedDb, exception, Store, key)).ConfigureAwait(false))
            {
                if (TryDecode(StateLayer.IndexedDb, entry.Bytes, null) is { } copy)
                {
                    writes.Add(new LayerWrite(Binding.HasKey ? Binding.GetKey(copy.Value) : IndexKey.Singleton, entry.Bytes, IndexValues(copy.Value)));
                }
            }

            if (writes.Count > 0)
            {
                await layer.WriteAsync(Binding, _runtime.Scope, writes).ConfigureAwait(false);
            }
        }
        catch (StorageException exception)
        {
            _runtime.Report(StateLayer.IndexedDb, exception, Store, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A realtime flush on the next turn (or after the configured delay): writes of the same turn share its batch.</summary>
    private void ScheduleFlush()
    {
        if (Interlocked.Exchange(ref _flushScheduled, 1) == 1)
        {
            return;
        }

        var delay = _runtime.Options.RealtimeFlushDelay;
        if (delay <= TimeSpan.Zero)
        {
            _ = FlushSoonAsync();
            return;
        }

        ITimer? timer = null;
        timer = _runtime.Time.CreateTimer(_ => { timer?.Dispose(); _ = RunScheduledFlushAsync(); }, null, delay, Timeout.InfiniteTimeSpan);
    }

    private async Task FlushSoonAsync()
    {
        await Task.Yield();
        await RunScheduledFlushAsync().ConfigureAwait(false);
    }

    private async Task RunScheduledFlushAsync()
    {
        Volatile.Write(ref _flushScheduled, 0);
        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A background flush must not crash the app: the failure is in the status, the writes stay pending.
            _runtime.Report(StateLayer.Memory, exception, Store, null);
        }
    }

    /// <summary>The write of <paramref name="key"/>: memory's value, or a delete when memory no longer has it.</summary>
    private LayerWrite Encode(IndexKey key) =>
        _memory.TryGetValue(key, out var entry)
            ? new LayerWrite(key, new StoredEntry(entry.Stamp, entry.Payload).Encode(), IndexValues(entry.Value))
            : new LayerWrite(key, null, new Dictionary<string, IndexKey>());
}
