using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace OvasabiState.Pools;

/// <summary>
/// Pools the <see cref="float"/> buffers of compute state (particle positions, velocities...),
/// so a simulation that rents and returns its buffers every frame stops allocating once warm.
/// Rent and return are O(1), thread-safe and allocation-free in steady state; counters are
/// exposed through <see cref="Snapshot"/>.
/// </summary>
/// <example>
/// <code>
/// using var particles = ComputeBufferPool.Shared.Rent(count * 4);
/// Simulate(particles.Span);
/// </code>
/// </example>
public sealed class ComputeBufferPool : IArrayLeaseOwner<float>
{
    /// <summary>
    /// The default largest pooled array, in elements: 2^24 floats (64 MiB), so a million
    /// particles of up to 16 floats each are still pooled. Larger requests are served but not pooled.
    /// </summary>
    public const int DefaultMaxArrayLength = 1 << 24;

    /// <summary>
    /// The default number of arrays kept per size class: a double-buffered simulation needs two,
    /// and a small cap bounds what a burst leaves behind (in WebAssembly, memory never shrinks).
    /// </summary>
    public const int DefaultMaxArraysPerBucket = 4;

    private readonly ArrayPool<float> _arrays;
    private readonly ConditionalWeakTable<float[], LeaseState> _seen = new();
    private readonly PoolCounters _counters = new();

    /// <summary>Creates a pool with its own arrays.</summary>
    /// <param name="maxArrayLength">The largest array, in elements, the pool keeps; longer ones are allocated and dropped.</param>
    /// <param name="maxArraysPerBucket">How many arrays of each power-of-two size the pool keeps.</param>
    public ComputeBufferPool(int maxArrayLength = DefaultMaxArrayLength, int maxArraysPerBucket = DefaultMaxArraysPerBucket)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxArrayLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxArraysPerBucket);

        // A private ArrayPool rather than ArrayPool<float>.Shared: the shared pool is also used by
        // other code and trims itself under memory pressure, so neither what it keeps nor its hit
        // rate would be this pool's. ArrayPool.Create is O(1) per rent and return (a lock per size
        // class), allocates nothing once warm, and lets the size limits above be chosen.
        _arrays = ArrayPool<float>.Create(maxArrayLength, maxArraysPerBucket);
    }

    /// <summary>A pool shared by the whole application.</summary>
    public static ComputeBufferPool Shared { get; } = new();

    /// <summary>
    /// Rents an array of at least <paramref name="minimumLength"/> elements. Its contents are
    /// unspecified (whatever the last user left), unless it was returned with clearing.
    /// </summary>
    /// <param name="minimumLength">The number of elements needed; the lease's <see cref="PooledArray{T}.Length"/>.</param>
    public PooledArray<float> Rent(int minimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumLength);

        // Zero-length requests still get a real pooled array: ArrayPool answers 0 with the shared
        // empty array, which every such lease would share, so leases could not be told apart.
        var array = _arrays.Rent(Math.Max(minimumLength, 1));

        // A reference-identity table of every array handed out: finding the array there means the
        // pool reused it. It holds arrays weakly, so arrays the pool drops can still be collected.
        var hit = _seen.TryGetValue(array, out var state);
        if (state is null)
        {
            state = new LeaseState();
            _seen.Add(array, state);
        }

        var bytes = (long)array.Length * sizeof(float);
        var version = state.Acquire(bytes);
        _counters.RecordRent(hit, bytes);
        return new PooledArray<float>(this, array, minimumLength, version);
    }

    /// <summary>
    /// Returns a lease's array to the pool. Returning a lease again (or a copy of it) is ignored
    /// and counted in <see cref="PoolStatistics.IgnoredReturns"/>; returning <c>default</c> does nothing.
    /// </summary>
    /// <param name="lease">The lease from <see cref="Rent"/>.</param>
    /// <param name="clearArray">True to zero the array first, so the next renter sees no stale data.</param>
    /// <exception cref="ArgumentException">The lease came from another pool.</exception>
    public void Return(PooledArray<float> lease, bool clearArray = false)
    {
        if (lease.IsDefault)
        {
            return;
        }

        if (!ReferenceEquals(lease.Owner, this))
        {
            throw new ArgumentException("The lease was rented from another pool; return it there.", nameof(lease));
        }

        var array = lease.Array;
        if (!_seen.TryGetValue(array, out var state) || !state.Release(lease.Version))
        {
            _counters.RecordIgnoredReturn();
            return;
        }

        // Count before handing the array back: once it is in the pool another thread may rent it.
        _counters.RecordReturn(state.Bytes);
        _arrays.Return(array, clearArray);
    }

    /// <summary>The pool's counters now.</summary>
    public PoolStatistics Snapshot() => _counters.Snapshot();

    void IArrayLeaseOwner<float>.Return(PooledArray<float> lease, bool clearArray) => Return(lease, clearArray);
}
