using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace OvasabiState.Serialization;

/// <summary>
/// Writes the OvasabiState binary format (see <see cref="StateFormat"/>) into a
/// <see cref="StateBuffer"/>. A ref struct over the buffer's array, so each write is a bounds
/// check and a store; call <see cref="Flush"/> when done.
/// </summary>
public ref struct StateWriter
{
    private static readonly Comparison<string> OrdinalComparison = string.CompareOrdinal;

    private readonly StateBuffer _buffer;
    private Span<byte> _span;
    private int _position;

    /// <summary>Starts writing after whatever <paramref name="buffer"/> already holds.</summary>
    public StateWriter(StateBuffer buffer)
    {
        _buffer = buffer;
        _span = buffer.RawSpan;
        _position = buffer.WrittenCount;
    }

    /// <summary>Bytes written into the buffer so far, including those before this writer.</summary>
    public readonly int Position => _position;

    /// <summary>Commits what was written to the buffer.</summary>
    public readonly void Flush() => _buffer.SetWritten(_position);

    /// <summary>Writes the payload header.</summary>
    public void WriteHeader(int schemaVersion, int memberCount)
    {
        var span = Reserve(StateFormat.HeaderSize);
        span[0] = StateFormat.Magic;
        span[1] = StateFormat.Version;
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], checked((ushort)schemaVersion));
        span[4] = checked((byte)memberCount);
    }

    /// <summary>Writes one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value) => Reserve(1)[0] = value;

    /// <summary>Writes a signed byte.</summary>
    public void WriteSByte(sbyte value) => WriteByte((byte)value);

    /// <summary>Writes a boolean as 0 or 1.</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Writes a 16-bit integer.</summary>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);

    /// <summary>Writes an unsigned 16-bit integer.</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    /// <summary>Writes a UTF-16 code unit.</summary>
    public void WriteChar(char value) => WriteUInt16(value);

    /// <summary>Writes a 32-bit integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    /// <summary>Writes an unsigned 32-bit integer.</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    /// <summary>Writes a 64-bit integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    /// <summary>Writes an unsigned 64-bit integer.</summary>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    /// <summary>Writes a native-sized integer as 64 bits.</summary>
    public void WriteIntPtr(nint value) => WriteInt64(value);

    /// <summary>Writes a native-sized unsigned integer as 64 bits.</summary>
    public void WriteUIntPtr(nuint value) => WriteUInt64(value);

    /// <summary>Writes a single-precision float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSingle(float value) => BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);

    /// <summary>Writes a double-precision float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    /// <summary>Writes a decimal as its four 32-bit parts.</summary>
    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var span = Reserve(16);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], bits[i]);
        }
    }

    /// <summary>Writes a GUID as its 16 bytes.</summary>
    public void WriteGuid(Guid value) => value.TryWriteBytes(Reserve(16));

    /// <summary>Writes a <see cref="DateTime"/> with its kind.</summary>
    public void WriteDateTime(DateTime value) => WriteInt64(value.ToBinary());

    /// <summary>Writes a <see cref="DateTimeOffset"/> as ticks and offset minutes.</summary>
    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        WriteInt64(value.Ticks);
        WriteInt16((short)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
    }

    /// <summary>Writes a <see cref="TimeSpan"/> as ticks.</summary>
    public void WriteTimeSpan(TimeSpan value) => WriteInt64(value.Ticks);

    /// <summary>Writes an unsigned LEB128 integer (1 to 5 bytes).</summary>
    public void WriteVarUInt32(uint value)
    {
        var span = Reserve(value < 0x80 ? 1 : 5);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _position -= span.Length - i;
    }

    /// <summary>Writes a string as UTF-8; null is kept.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (maxBytes < 0x7F && value.Length < 0x7F)
        {
            // Short strings (the common case): one pass, length byte patched afterwards.
            var span = Reserve(1 + maxBytes);
            var written = Encoding.UTF8.GetBytes(value, span[1..]);
            span[0] = (byte)(written + 1);
            _position -= maxBytes - written;
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt32((uint)length + 1);
        Encoding.UTF8.GetBytes(value, Reserve(length));
    }

    /// <summary>Writes the count prefix of a collection: null as 0, else count + 1.</summary>
    public void WriteCount(int? count) => WriteVarUInt32(count is { } c ? (uint)c + 1 : 0);

    /// <summary>Writes an array of an unmanaged type as one bulk copy.</summary>
    public void WriteUnmanagedArray<T>(T[]? values)
        where T : unmanaged
    {
        if (values is null)
        {
            WriteByte(0);
            return;
        }

        WriteUnmanagedSpan<T>(values);
    }

    /// <summary>Writes a list of an unmanaged type as one bulk copy.</summary>
    public void WriteUnmanagedList<T>(List<T>? values)
        where T : unmanaged
    {
        if (values is null)
        {
            WriteByte(0);
            return;
        }

        WriteUnmanagedSpan<T>(CollectionsMarshal.AsSpan(values));
    }

    /// <summary>Writes a read-only list of an unmanaged type.</summary>
    public void WriteUnmanagedReadOnlyList<T>(IReadOnlyList<T>? values)
        where T : unmanaged
    {
        switch (values)
        {
            case null:
                WriteByte(0);
                return;
            case T[] array:
                WriteUnmanagedSpan<T>(array);
                return;
            case List<T> list:
                WriteUnmanagedSpan<T>(CollectionsMarshal.AsSpan(list));
                return;
            default:
                WriteCount(values.Count);
                var span = MemoryMarshal.Cast<byte, T>(Reserve(values.Count * Unsafe.SizeOf<T>()));
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = values[i];
                }

                return;
        }
    }

    /// <summary>Writes a span of an unmanaged type (count prefix, then the raw little-endian bytes).</summary>
    public void WriteUnmanagedSpan<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        WriteCount(values.Length);
        var bytes = MemoryMarshal.AsBytes(values);
        bytes.CopyTo(Reserve(bytes.Length));
    }

    /// <summary>Writes an array element by element.</summary>
    public void WriteArray<T>(T[]? values, ElementWriter<T> writeElement)
    {
        if (values is null)
        {
            WriteByte(0);
            return;
        }

        WriteCount(values.Length);
        foreach (var value in values)
        {
            writeElement(ref this, value);
        }
    }

    /// <summary>Writes a list element by element.</summary>
    public void WriteList<T>(List<T>? values, ElementWriter<T> writeElement)
    {
        if (values is null)
        {
            WriteByte(0);
            return;
        }

        WriteCount(values.Count);
        foreach (var value in CollectionsMarshal.AsSpan(values))
        {
            writeElement(ref this, value);
        }
    }

    /// <summary>Writes a read-only list element by element.</summary>
    public void WriteReadOnlyList<T>(IReadOnlyList<T>? values, ElementWriter<T> writeElement)
    {
        if (values is null)
        {
            WriteByte(0);
            return;
        }

        var count = values.Count;
        WriteCount(count);
        for (var i = 0; i < count; i++)
        {
            writeElement(ref this, values[i]);
        }
    }

    /// <summary>Writes a string-keyed dictionary, keys in ordinal order so equal maps give equal bytes.</summary>
    public void WriteDictionary<T>(Dictionary<string, T>? values, ElementWriter<T> writeValue)
    {
        if (values is null)
        {
            WriteByte(0);
            return;
        }

        WriteCount(values.Count);
        if (values.Count == 0)
        {
            return;
        }

        // Sorting makes the content hash independent of insertion order; it costs one rented array.
        var keys = System.Buffers.ArrayPool<string>.Shared.Rent(values.Count);
        try
        {
            values.Keys.CopyTo(keys, 0);
            var sorted = keys.AsSpan(0, values.Count);

            // A cached static Comparison: Sort(IComparer) would allocate a delegate over the
            // comparer's Compare method on every call, breaking allocation-free serialization.
            sorted.Sort(OrdinalComparison);
            foreach (var key in sorted)
            {
                WriteString(key);
                writeValue(ref this, values[key]);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<string>.Shared.Return(keys, clearArray: true);
        }
    }

    /// <summary>Writes a nullable value: a presence byte, then the value.</summary>
    public void WriteNullable<T>(T? value, ElementWriter<T> writeValue)
        where T : struct
    {
        if (value is { } present)
        {
            WriteByte(1);
            writeValue(ref this, present);
        }
        else
        {
            WriteByte(0);
        }
    }

    /// <summary>Writes the null marker of a nested object.</summary>
    public void WriteNullObject() => WriteInt32(-1);

    /// <summary>
    /// Starts a nested object: reserves its length and writes its member count. Pass the result
    /// to <see cref="EndObject"/> once its members are written.
    /// </summary>
    public int BeginObject(int memberCount)
    {
        var start = _position;
        var span = Reserve(5);
        span[4] = checked((byte)memberCount);
        return start;
    }

    /// <summary>Completes a nested object by patching in its length.</summary>
    public readonly void EndObject(int start) =>
        BinaryPrimitives.WriteInt32LittleEndian(_span[start..], _position - start - 4);

    /// <summary>Reserves <paramref name="count"/> bytes and returns them for writing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Reserve(int count)
    {
        if ((uint)count > (uint)(_span.Length - _position))
        {
            _span = _buffer.Grow(_position, count);
        }

        var span = _span.Slice(_position, count);
        _position += count;
        return span;
    }
}
