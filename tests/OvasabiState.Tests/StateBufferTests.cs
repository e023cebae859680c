using System;
using System.Buffers;
using OvasabiState.Serialization;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Support;
using Xunit;

namespace OvasabiState.Tests;

/// <summary><see cref="StateBuffer"/>: a growable pooled buffer and <see cref="IBufferWriter{T}"/>.</summary>
public sealed class StateBufferTests
{
    [Fact]
    public void GrowsKeepingWhatWasWritten()
    {
        using var buffer = new StateBuffer(1);
        Assert.True(buffer.Capacity >= 16);

        var compute = Bindings.Of<ComputeStateRecord>();
        var value = new ComputeStateRecord { Id = "id", Type = "t", Data = new float[5000] };
        compute.Serialize(value, buffer);

        Assert.Equal(compute.Serialize(value), buffer.ToArray());
        Assert.True(buffer.Capacity >= buffer.WrittenCount);
        Assert.Equal(buffer.WrittenCount, buffer.WrittenMemory.Length);
    }

    [Fact]
    public void ResetKeepsTheArray()
    {
        using var buffer = new StateBuffer();
        Bindings.Of<UserPreferencesRecord>().Serialize(new UserPreferencesRecord(), buffer);
        var capacity = buffer.Capacity;

        buffer.Reset();

        Assert.Equal(0, buffer.WrittenCount);
        Assert.True(buffer.WrittenSpan.IsEmpty);
        Assert.Equal(capacity, buffer.Capacity);
    }

    [Fact]
    public void WorksAsABufferWriter()
    {
        using var buffer = new StateBuffer(16);
#pragma warning disable CA1859 // Used through the interface on purpose: that is what is tested.
        IBufferWriter<byte> writer = buffer;
#pragma warning restore CA1859

        var span = writer.GetSpan(100);
        Assert.True(span.Length >= 100);
        span[0] = 1;
        span[99] = 2;
        writer.Advance(100);
        var memory = writer.GetMemory();
        Assert.False(memory.IsEmpty);
        memory.Span[0] = 3;
        writer.Advance(1);

        Assert.Equal(101, buffer.WrittenCount);
        Assert.Equal(1, buffer.WrittenSpan[0]);
        Assert.Equal(2, buffer.WrittenSpan[99]);
        Assert.Equal(3, buffer.WrittenSpan[100]);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(buffer.Capacity));
    }

    [Fact]
    public void DisposedBufferRefusesWrites()
    {
        var buffer = new StateBuffer();
        buffer.Dispose();
        buffer.Dispose(); // twice is harmless

        Assert.Equal(0, buffer.WrittenCount);
        Assert.Throws<ObjectDisposedException>(() => buffer.GetSpan(1));
        Assert.Throws<ObjectDisposedException>(() => Bindings.Of<UserPreferencesRecord>().Serialize(new UserPreferencesRecord(), buffer));
    }

    [Fact]
    public void FailedWriteLeavesTheBufferAsItWas()
    {
        using var buffer = new StateBuffer();
        var sessions = Bindings.Of<UserSessionRecord>();
        sessions.Serialize(new UserSessionRecord { SessionId = "s" }, buffer);
        var before = buffer.ToArray();

        Assert.Throws<ArgumentNullException>(() => sessions.Serialize(null!, buffer));

        Assert.Equal(before, buffer.ToArray());
    }
}
