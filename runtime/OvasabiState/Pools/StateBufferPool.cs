using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using OvasabiState.Serialization;

namespace OvasabiState.Pools;

/// <summary>
/// Pools the <see cref="StateBuffer"/>s that records are serialized into before they go to a
/// storage layer, so flushes reuse warm buffers instead of growing new ones. Rent and return are
/// O(1) and thread-safe; at most <c>maxRetained</c> idle buffers are kept, and a buffer that grew
/// past <c>maxRetainedCapacity</c> (one huge payload) is released instead of kept.
/// </summary>
/// <example>
/// <code>
/// using var lease = StateBufferPool.Shared.Rent();
/// binding.Serialize(value, lease.Buffer);
/// await storage.WriteAsync(lease.Buffer.WrittenMemory);
/// </code>
/// </example>
public sealed class StateBufferPool
{
    /// <summary>The default capacity of a new buffer, in bytes: most records fit without growing.</summary>
    public const int DefaultInitialCapacity = 4096;

    /// <summary>The default number of idle buffers kept: enough for one flush per layer and a few concurrent writers.</summary>
    public const int DefaultMaxRetained = 16;

    /// <summary>The default largest buffer kept when returned, in bytes (1 MiB).</summary>
    public const int DefaultMaxRetainedCapacity = 1 << 20;

    private readonly ConcurrentQueue<StateBuffer> _idle = new();
    private readonly ConditionalWeakTable<StateBuffer, LeaseState> _states = new();
    private readonly PoolCounters _counters = new();
    private readonly int _initialCapacity;
    private readonly int _maxRetained;
    private readonly int _maxRetainedCapacity;
    private int _retained;

    /// <summary>Creates a pool.</summary>
    /// <param name="initialCapacity">The capacity of each new buffer, in bytes.</param>
    /// <param name="maxRetained">How many idle buffers to keep at most.</param>
    /// <param name="maxRetainedCapacity">The largest buffer, in bytes, to keep when returned.</param>
    public StateBufferPool(int initialCapacity = DefaultInitialCapacity, int maxRetained = DefaultMaxRetained, int maxRetainedCapacity = DefaultMaxRetainedCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetained);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetainedCapacity, initialCapacity);
        _initialCapacity = initialCapacity;
        _maxRetained = maxRetained;
        _maxRetainedCapacity = maxRetainedCapacity;
    }

    /// <summary>A pool shared by the whole application.</summary>
    public static StateBufferPool Shared { get; } = new();

    /// <summary>The number of idle buffers the pool holds now.</summary>
    public int Retained => Volatile.Read(ref _retained);

    /// <summary>Rents an empty buffer.</summary>
    public StateBufferLease Rent()
    {
        var hit = _idle.TryDequeue(out var buffer);
        if (hit)
        {
            Interlocked.Decrement(ref _retained);
        }
        else
        {
            buffer = new StateBuffer(_initialCapacity);
        }

        if (!_states.TryGetValue(buffer!, out var state))
        {
            state = new LeaseState();
            _states.Add(buffer!, state);
        }

        long bytes = buffer!.Capacity;
        var version = state.Acquire(bytes);
        _counters.RecordRent(hit, bytes);
        return new StateBufferLease(this, buffer, version);
    }

    /// <summary>
    /// Returns a lease's buffer to the pool. Returning a lease again (or a copy of it) is ignored
    /// and counted in <see cref="PoolStatistics.IgnoredReturns"/>; returning <c>default</c> does nothing.
    /// </summary>
    /// <param name="lease">The lease from <see cref="Rent"/>.</param>
    /// <exception cref="ArgumentException">The lease came from another pool.</exception>
    public void Return(StateBufferLease lease)
    {
        if (lease.IsDefault)
        {
            return;
        }

        if (!ReferenceEquals(lease.Pool, this))
        {
            throw new ArgumentException("The lease was rented from another pool; return it there.", nameof(lease));
        }

        var buffer = lease.RawBuffer!;
        if (!_states.TryGetValue(buffer, out var state) || !state.Release(lease.Version))
        {
            _counters.RecordIgnoredReturn();
            return;
        }

        _counters.RecordReturn(state.Bytes);
        buffer.Reset();

        // A disposed buffer has capacity 0 and cannot be written again; an oversized one would pin
        // a large array for every later small write. Both are let go (disposing hands the array
        // back to ArrayPool<byte>.Shared, which StateBuffer rents from).
        if (buffer.Capacity == 0 || buffer.Capacity > _maxRetainedCapacity || !TryReserveSlot())
        {
            buffer.Dispose();
            return;
        }

        _idle.Enqueue(buffer);
    }

    /// <summary>
    /// The pool's counters now. Bytes are buffer capacities at the time of renting; a buffer that
    /// grows while rented takes the extra from <c>ArrayPool&lt;byte&gt;.Shared</c>, not counted here.
    /// </summary>
    public PoolStatistics Snapshot() => _counters.Snapshot();

    private bool TryReserveSlot()
    {
        // The count is reserved before enqueueing so concurrent returns cannot overshoot the cap.
        if (Interlocked.Increment(ref _retained) <= _maxRetained)
        {
            return true;
        }

        Interlocked.Decrement(ref _retained);
        return false;
    }
}
