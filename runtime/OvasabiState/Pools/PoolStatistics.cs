namespace OvasabiState.Pools;

/// <summary>
/// A snapshot of a pool's counters, for the dashboard and for tests. Counters are read one by one
/// while other threads may rent and return, so under concurrency a snapshot can be off by the
/// operations in flight; it is exact whenever the pool is quiet.
/// </summary>
/// <param name="Rented">Rents since the pool was created.</param>
/// <param name="Returned">Returns accepted since the pool was created (ignored double returns not counted).</param>
/// <param name="Hits">Rents served by a buffer the pool had handed out before.</param>
/// <param name="Misses">Rents that needed a freshly allocated buffer.</param>
/// <param name="IgnoredReturns">Returns ignored because the lease had already been returned.</param>
/// <param name="BytesRented">Total bytes of the buffers handed out (their full size, which may exceed the size asked for).</param>
/// <param name="BytesOutstanding">Bytes of the buffers rented and not yet returned.</param>
/// <param name="BytesAllocated">Total bytes of the buffers allocated on a miss.</param>
public readonly record struct PoolStatistics(
    long Rented,
    long Returned,
    long Hits,
    long Misses,
    long IgnoredReturns,
    long BytesRented,
    long BytesOutstanding,
    long BytesAllocated)
{
    /// <summary>Buffers rented and not yet returned: a value that keeps growing is a leak.</summary>
    public long Outstanding => Rented - Returned;

    /// <summary>The share of rents served without allocating, from 0 to 1 (0 before the first rent).</summary>
    public double HitRate => Rented == 0 ? 0 : (double)Hits / Rented;
}
