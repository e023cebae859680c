using System;
using System.Threading.Tasks;
using OvasabiState.Pools;
using OvasabiState.Serialization;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Support;
using Xunit;

namespace OvasabiState.Tests.Pools;

/// <summary><see cref="StateBufferPool"/>: serializer buffers reused, capped and counted.</summary>
public sealed class StateBufferPoolTests
{
    [Fact]
    public void StatisticsCountEveryRentAndReturnExactly()
    {
        var pool = new StateBufferPool(initialCapacity: 1024);
        var a = pool.Rent();
        var b = pool.Rent();
        long bytes = a.Buffer.Capacity + b.Buffer.Capacity;

        Assert.Equal(new PoolStatistics(Rented: 2, Returned: 0, Hits: 0, Misses: 2, IgnoredReturns: 0, BytesRented: bytes, BytesOutstanding: bytes, BytesAllocated: bytes), pool.Snapshot());

        a.Dispose();
        pool.Return(b);
        var stats = pool.Snapshot();
        Assert.Equal(2, stats.Returned);
        Assert.Equal(0, stats.Outstanding);
        Assert.Equal(0, stats.BytesOutstanding);
        Assert.Equal(2, pool.Retained);
    }

    [Fact]
    public void NoLeaksAfterASteadyStateLoop()
    {
        var pool = new StateBufferPool();
        var binding = Bindings.Of<UserPreferencesRecord>();
        StateBuffer? first = null;
        for (var flush = 0; flush < 1000; flush++)
        {
            using var lease = pool.Rent();
            first ??= lease.Buffer;
            Assert.Same(first, lease.Buffer);
            Assert.Equal(0, lease.Buffer.WrittenCount);
            binding.Serialize(new UserPreferencesRecord { Language = $"l{flush}" }, lease.Buffer);
        }

        var stats = pool.Snapshot();
        Assert.Equal(1, stats.Misses);
        Assert.True(stats.HitRate > 0.99, $"hit rate {stats.HitRate}");
        Assert.Equal(0, stats.Outstanding);
        Assert.Equal(1, pool.Retained);
    }

    [Fact]
    public void ReturningALeaseTwiceIsIgnored()
    {
        var pool = new StateBufferPool();
        var lease = pool.Rent();
        lease.Dispose();
        pool.Return(lease);

        var stats = pool.Snapshot();
        Assert.Equal(1, stats.Returned);
        Assert.Equal(1, stats.IgnoredReturns);
        Assert.Equal(1, pool.Retained);

        // The buffer is pooled once, so two rents get two buffers.
        var x = pool.Rent();
        var y = pool.Rent();
        Assert.NotSame(x.Buffer, y.Buffer);
    }

    [Fact]
    public void AtMostMaxRetainedIdleBuffersAreKept()
    {
        var pool = new StateBufferPool(initialCapacity: 256, maxRetained: 2);
        var leases = new[] { pool.Rent(), pool.Rent(), pool.Rent(), pool.Rent(), pool.Rent() };
        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        Assert.Equal(2, pool.Retained);
        Assert.Equal(5, pool.Snapshot().Returned);
        Assert.Equal(0, pool.Snapshot().Outstanding);
    }

    [Fact]
    public void ABufferThatGrewPastTheLimitIsLetGo()
    {
        var pool = new StateBufferPool(initialCapacity: 256, maxRetained: 4, maxRetainedCapacity: 4096);
        var lease = pool.Rent();
        lease.Buffer.GetSpan(10_000);
        lease.Dispose();

        Assert.Equal(0, pool.Retained);
        using var next = pool.Rent();
        Assert.NotSame(lease.RawBuffer, next.Buffer);
        Assert.Equal(2, pool.Snapshot().Misses);
    }

    [Fact]
    public void ABufferDisposedByItsUserIsNotReused()
    {
        var pool = new StateBufferPool();
        var lease = pool.Rent();
        lease.Buffer.Dispose();
        lease.Dispose();

        using var next = pool.Rent();
        Assert.NotSame(lease.RawBuffer, next.Buffer);
        next.Buffer.GetSpan(8)[0] = 1;
        Assert.Equal(0, pool.Snapshot().IgnoredReturns);
    }

    [Fact]
    public void ParallelRentAndReturnLeaveNothingOutstanding()
    {
        var pool = new StateBufferPool(initialCapacity: 64, maxRetained: 4);
        const int Operations = 20_000;

        Parallel.For(0, Operations, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            using var lease = pool.Rent();
            var span = lease.Buffer.GetSpan(4);
            BitConverter.TryWriteBytes(span, i);
            lease.Buffer.Advance(4);
            Assert.Equal(i, BitConverter.ToInt32(lease.Buffer.WrittenSpan));
        });

        var stats = pool.Snapshot();
        Assert.Equal(Operations, stats.Rented);
        Assert.Equal(stats.Rented, stats.Returned);
        Assert.Equal(0, stats.Outstanding);
        Assert.Equal(0, stats.BytesOutstanding);
        Assert.Equal(stats.Rented, stats.Hits + stats.Misses);
        Assert.InRange(pool.Retained, 1, 4);
    }

    [Fact]
    public void DefaultAndForeignLeases()
    {
        var pool = new StateBufferPool();
        var none = default(StateBufferLease);

        Assert.True(none.IsDefault);
        Assert.Throws<InvalidOperationException>(() => none.Buffer);
        none.Dispose();
        pool.Return(none);
        Assert.Equal(default, pool.Snapshot());

        var foreign = new StateBufferPool().Rent();
        Assert.Throws<ArgumentException>(() => pool.Return(foreign));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StateBufferPool(initialCapacity: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StateBufferPool(initialCapacity: 1024, maxRetainedCapacity: 512));
    }
}
