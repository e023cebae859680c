using System;
using System.Buffers;

namespace OvasabiState.Serialization;

/// <summary>
/// A growable, contiguous byte buffer rented from <see cref="ArrayPool{T}"/>. Keep one and call
/// <see cref="Reset"/> between writes: steady-state serialization then allocates nothing.
/// Not thread-safe; dispose to return the array to the pool.
/// </summary>
public sealed class StateBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _written;
    private bool _disposed;

    /// <summary>Creates a buffer with room for <paramref name="initialCapacity"/> bytes.</summary>
    public StateBuffer(int initialCapacity = 256) =>
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

    /// <summary>The bytes written so far, as memory (valid until the next write or reset).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _written);

    /// <summary>Number of bytes written so far.</summary>
    public int WrittenCount => _written;

    /// <summary>Size of the rented array.</summary>
    public int Capacity => _array.Length;

    /// <summary>Forgets the written bytes, keeping the rented array for the next write.</summary>
    public void Reset() => _written = 0;

    /// <summary>Copies the written bytes into a new array.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _array.Length - _written)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Advanced past the end of the buffer.");
        }

        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(Math.Max(sizeHint, 1));
        return _array.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(Math.Max(sizeHint, 1));
        return _array.AsSpan(_written);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var array = _array;
        _array = [];
        _written = 0;
        ArrayPool<byte>.Shared.Return(array);
    }

    /// <summary>The whole rented array, for <see cref="StateWriter"/>.</summary>
    internal Span<byte> RawSpan
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _array;
        }
    }

    /// <summary>Records how far a <see cref="StateWriter"/> wrote.</summary>
    internal void SetWritten(int written) => _written = written;

    /// <summary>Grows so that <paramref name="needed"/> bytes fit after <paramref name="position"/>; returns the new array.</summary>
    internal Span<byte> Grow(int position, int needed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long required = (long)position + needed;
        if (required > Array.MaxLength)
        {
            throw new InvalidOperationException($"A payload of {required} bytes is larger than the largest array.");
        }

        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(required, (long)_array.Length * 2)));
        _array.AsSpan(0, position).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_array);

        _array = next;
        return _array;
    }

    private void EnsureFree(int sizeHint)
    {
        if (_array.Length - _written < sizeHint)
        {
            Grow(_written, sizeHint);
        }
    }
}
