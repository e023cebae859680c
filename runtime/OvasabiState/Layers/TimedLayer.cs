using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using OvasabiState.Sync;

namespace OvasabiState.Layers;

/// <summary>
/// Times every operation of a layer for <see cref="StateSyncManager.GetMetrics"/>. A decorator
/// rather than code in each layer, so the layers stay about storage and the clock is the runtime's
/// <see cref="TimeProvider"/> (a fake one in tests).
/// </summary>
internal sealed class TimedLayer(IPersistentLayer inner, TimeProvider time) : IPersistentLayer
{
    private readonly object _gate = new();
    private OperationTiming _reads;
    private OperationTiming _readAlls;
    private OperationTiming _writes;
    private long _recordsWritten;
    private long _bytesWritten;

    public StateLayer Layer => inner.Layer;

    public ValueTask<bool> IsAvailableAsync() => inner.IsAvailableAsync();

    public async ValueTask<LayerEntry?> ReadAsync(IStateBinding binding, StoreScope scope, IndexKey key)
    {
        var started = time.GetTimestamp();
        try
        {
            return await inner.ReadAsync(binding, scope, key).ConfigureAwait(false);
        }
        finally
        {
            Record(ref _reads, started, 0, 0);
        }
    }

    public async ValueTask<LayerRead> ReadManyAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<IndexKey> keys, Action<IndexKey, Exception> unreadable)
    {
        var started = time.GetTimestamp();
        try
        {
            return await inner.ReadManyAsync(binding, scope, keys, unreadable).ConfigureAwait(false);
        }
        finally
        {
            // One batched read is one operation: the timing shows what each boundary call costs.
            Record(ref _reads, started, 0, 0);
        }
    }

    public async ValueTask<LayerMutationResult> MutateAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<LayerMutation> mutations)
    {
        var started = time.GetTimestamp();
        long bytes = 0;
        foreach (var mutation in mutations)
        {
            bytes += mutation.Entry?.Length ?? 0;
        }

        try
        {
            return await inner.MutateAsync(binding, scope, mutations).ConfigureAwait(false);
        }
        finally
        {
            Record(ref _writes, started, mutations.Count, bytes);
        }
    }

    public async ValueTask<LayerReadAll> ReadAllAsync(IStateBinding binding, StoreScope scope, Action<IndexKey?, Exception> unreadable)
    {
        var started = time.GetTimestamp();
        try
        {
            return await inner.ReadAllAsync(binding, scope, unreadable).ConfigureAwait(false);
        }
        finally
        {
            Record(ref _readAlls, started, 0, 0);
        }
    }

    public LayerMetrics Snapshot()
    {
        lock (_gate)
        {
            return new LayerMetrics(Layer, _reads, _readAlls, _writes, _recordsWritten, _bytesWritten);
        }
    }

    private void Record(ref OperationTiming timing, long started, int records, long bytes)
    {
        var elapsed = time.GetElapsedTime(started);
        lock (_gate)
        {
            timing = timing.Add(elapsed);
            _recordsWritten += records;
            _bytesWritten += bytes;
        }
    }
}
