using System.Threading;

namespace OvasabiState.Pools;

/// <summary>
/// Per-buffer bookkeeping, attached to each pooled buffer by reference identity. Every rent gets a
/// fresh version; a return is accepted only for the current version, so a lease returned twice,
/// or a stale copy returned after the buffer went to someone else, cannot hand the buffer back to
/// the pool a second time (two owners of one buffer would corrupt each other's data).
/// </summary>
internal sealed class LeaseState
{
    private int _version;
    private int _leased;

    /// <summary>Bytes counted when the current lease was rented, so the return subtracts the same amount.</summary>
    public long Bytes { get; private set; }

    /// <summary>Marks the buffer as leased and returns the lease's version (never 0).</summary>
    public int Acquire(long bytes)
    {
        int version;
        do
        {
            version = Interlocked.Increment(ref _version);
        }
        while (version == 0);

        Bytes = bytes;
        Volatile.Write(ref _leased, version);
        return version;
    }

    /// <summary>Marks the buffer as free if <paramref name="version"/> is its current lease; false otherwise.</summary>
    public bool Release(int version) =>
        version != 0 && Interlocked.CompareExchange(ref _leased, 0, version) == version;
}
