using System.Threading;

namespace OvasabiState.Pools;

/// <summary>
/// The statistics of one pool, kept with <see cref="Interlocked"/> so that rent and return stay
/// lock-free and allocation-free on any thread.
/// </summary>
internal sealed class PoolCounters
{
    private long _rented;
    private long _returned;
    private long _hits;
    private long _misses;
    private long _ignoredReturns;
    private long _bytesRented;
    private long _bytesReturned;
    private long _bytesAllocated;

    public void RecordRent(bool hit, long bytes)
    {
        if (hit)
        {
            Interlocked.Increment(ref _hits);
        }
        else
        {
            Interlocked.Increment(ref _misses);
            Interlocked.Add(ref _bytesAllocated, bytes);
        }

        Interlocked.Add(ref _bytesRented, bytes);
        Interlocked.Increment(ref _rented);
    }

    public void RecordReturn(long bytes)
    {
        Interlocked.Add(ref _bytesReturned, bytes);
        Interlocked.Increment(ref _returned);
    }

    public void RecordIgnoredReturn() => Interlocked.Increment(ref _ignoredReturns);

    public PoolStatistics Snapshot()
    {
        // Returns are read before rents (and a rent is recorded after its hit or miss), so a
        // snapshot taken mid-flight never shows more returned than rented or a negative balance.
        var returned = Interlocked.Read(ref _returned);
        var bytesReturned = Interlocked.Read(ref _bytesReturned);
        var ignored = Interlocked.Read(ref _ignoredReturns);
        var rented = Interlocked.Read(ref _rented);
        var bytesRented = Interlocked.Read(ref _bytesRented);
        var hits = Interlocked.Read(ref _hits);
        var misses = Interlocked.Read(ref _misses);
        var allocated = Interlocked.Read(ref _bytesAllocated);
        return new PoolStatistics(rented, returned, hits, misses, ignored, bytesRented, bytesRented - bytesReturned, allocated);
    }
}
