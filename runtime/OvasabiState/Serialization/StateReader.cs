using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OvasabiState.Serialization;

/// <summary>
/// Reads the OvasabiState binary format. Every read is bounds-checked and every length is
/// checked against the bytes that remain before anything is allocated, so corrupt or hostile
/// input ends in a <see cref="StateFormatException"/> and never allocates more than the input
/// length justifies.
/// </summary>
public ref struct StateReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private string _typeName;

    /// <summary>Reads <paramref name="data"/>; <paramref name="typeName"/> names the type in errors.</summary>
    public StateReader(ReadOnlySpan<byte> data, string typeName)
    {
        _data = data;
        _typeName = typeName;
    }

    /// <summary>Offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>The type named in errors (the top-level record being read).</summary>
    public string TypeName
    {
        readonly get => _typeName;
        set => _typeName = value;
    }

    /// <summary>Reads and checks the payload header; returns the member count it announces.</summary>
    public int ReadHeader(int expectedSchemaVersion)
    {
        if (_data.Length == 0)
        {
            throw Error(StateFormatError.Truncated, "the payload is empty");
        }

        if (_data[0] != StateFormat.Magic)
        {
            throw NotAPayload(_data[0]);
        }

        var header = Take(StateFormat.HeaderSize);
        if (header[1] != StateFormat.Version)
        {
            throw UnsupportedFormatVersion(header[1]);
        }

        int schemaVersion = BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
        if (schemaVersion != expectedSchemaVersion)
        {
            throw SchemaVersionMismatch(schemaVersion, expectedSchemaVersion);
        }

        return header[4];
    }

    /// <summary>
    /// Ends a top-level payload. When it announced no more members than the type has, every byte
    /// must have been read; a payload from a newer type may carry members this type skips.
    /// </summary>
    public readonly void EndPayload(int announcedMembers, int knownMembers)
    {
        if (announcedMembers <= knownMembers && _position != _data.Length)
        {
            throw TrailingBytes();
        }
    }

    /// <summary>Reads one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Error(StateFormatError.Truncated, "the payload ends inside a value");
        }

        return _data[_position++];
    }

    /// <summary>Reads a signed byte.</summary>
    public sbyte ReadSByte() => (sbyte)ReadByte();

    /// <summary>Reads a boolean; any byte other than 0 or 1 is an error.</summary>
    public bool ReadBoolean()
    {
        var value = ReadByte();
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw NotABoolean(value),
        };
    }

    /// <summary>Reads a 16-bit integer.</summary>
    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    /// <summary>Reads an unsigned 16-bit integer.</summary>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    /// <summary>Reads a UTF-16 code unit.</summary>
    public char ReadChar() => (char)ReadUInt16();

    /// <summary>Reads a 32-bit integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads an unsigned 32-bit integer.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>Reads a 64-bit integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>Reads an unsigned 64-bit integer.</summary>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>The next <paramref name="count"/> raw bytes.</summary>
    /// <exception cref="StateFormatException">Fewer remain.</exception>
    public ReadOnlySpan<byte> ReadRaw(int count) => Take(count);

    /// <summary>Reads a native-sized integer written as 64 bits.</summary>
    public nint ReadIntPtr()
    {
        var value = ReadInt64();
        if (IntPtr.Size == 4 && value is > int.MaxValue or < int.MinValue)
        {
            throw Error(StateFormatError.InvalidValue, $"{value} does not fit a 32-bit nint", _position - 8);
        }

        return (nint)value;
    }

    /// <summary>Reads a native-sized unsigned integer written as 64 bits.</summary>
    public nuint ReadUIntPtr()
    {
        var value = ReadUInt64();
        if (UIntPtr.Size == 4 && value > uint.MaxValue)
        {
            throw Error(StateFormatError.InvalidValue, $"{value} does not fit a 32-bit nuint", _position - 8);
        }

        return (nuint)value;
    }

    /// <summary>Reads a single-precision float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads a double-precision float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Reads a decimal.</summary>
    public decimal ReadDecimal()
    {
        var start = _position;
        var span = Take(16);
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(i * 4)..]);
        }

        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException)
        {
            throw Error(StateFormatError.InvalidValue, "the bytes are not a valid decimal", start);
        }
    }

    /// <summary>Reads a GUID.</summary>
    public Guid ReadGuid() => new(Take(16));

    /// <summary>Reads a <see cref="DateTime"/>.</summary>
    public DateTime ReadDateTime()
    {
        var binary = ReadInt64();
        try
        {
            return DateTime.FromBinary(binary);
        }
        catch (ArgumentException)
        {
            throw Error(StateFormatError.InvalidValue, $"{binary} is not a valid DateTime", _position - 8);
        }
    }

    /// <summary>Reads a <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset ReadDateTimeOffset()
    {
        var start = _position;
        var ticks = ReadInt64();
        var minutes = ReadInt16();
        try
        {
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes));
        }
        catch (ArgumentException)
        {
            throw Error(StateFormatError.InvalidValue, $"ticks {ticks} with offset {minutes} min is not a valid DateTimeOffset", start);
        }
    }

    /// <summary>Reads a <see cref="TimeSpan"/>.</summary>
    public TimeSpan ReadTimeSpan() => new(ReadInt64());

    /// <summary>Reads an unsigned LEB128 integer of at most 5 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadVarUInt32()
    {
        // Short strings and small collections have a one-byte prefix: read it inline.
        if ((uint)_position < (uint)_data.Length && _data[_position] < 0x80)
        {
            return _data[_position++];
        }

        return ReadVarUInt32Slow();
    }

    private uint ReadVarUInt32Slow()
    {
        var start = _position;
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28 && b > 0x0F)
            {
                break;
            }

            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Error(StateFormatError.InvalidLength, "a variable-length integer is longer than 32 bits", start);
    }

    /// <summary>Reads a UTF-8 string; invalid UTF-8 is an error.</summary>
    public string? ReadString()
    {
        var start = _position;
        var prefix = ReadVarUInt32();
        if (prefix == 0)
        {
            return null;
        }

        var length = prefix - 1;
        if (length > (uint)Remaining)
        {
            throw TooLong("a string of", length, "bytes", start);
        }

        return Utf8Text.TryDecode(Take((int)length)) ?? throw Error(StateFormatError.InvalidValue, "a string is not valid UTF-8", start);
    }

    /// <summary>Reads a string that must not be null (dictionary keys).</summary>
    public string ReadNonNullString() =>
        ReadString() ?? throw Error(StateFormatError.InvalidValue, "a dictionary key is null", _position - 1);

    /// <summary>
    /// Reads a collection count prefix; -1 means null. The count is checked against the bytes
    /// left, given that each element takes at least <paramref name="minElementSize"/> bytes.
    /// </summary>
    public int ReadCount(int minElementSize)
    {
        var start = _position;
        var prefix = ReadVarUInt32();
        if (prefix == 0)
        {
            return -1;
        }

        var count = prefix - 1;
        if ((ulong)count * (ulong)Math.Max(minElementSize, 1) > (ulong)Remaining)
        {
            throw TooLong("a collection of", count, "elements", start);
        }

        return (int)count;
    }

    /// <summary>Reads an array of an unmanaged type with one bulk copy.</summary>
    public T[]? ReadUnmanagedArray<T>()
        where T : unmanaged
    {
        var count = ReadCount(Unsafe.SizeOf<T>());
        if (count < 0)
        {
            return null;
        }

        var array = GC.AllocateUninitializedArray<T>(count);
        Take(count * Unsafe.SizeOf<T>()).CopyTo(MemoryMarshal.AsBytes(array.AsSpan()));
        return array;
    }

    /// <summary>Reads a list of an unmanaged type with one bulk copy.</summary>
    public List<T>? ReadUnmanagedList<T>()
        where T : unmanaged
    {
        var count = ReadCount(Unsafe.SizeOf<T>());
        if (count < 0)
        {
            return null;
        }

        var list = new List<T>(count);
        CollectionsMarshal.SetCount(list, count);
        Take(count * Unsafe.SizeOf<T>()).CopyTo(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(list)));
        return list;
    }

    /// <summary>Reads an array element by element.</summary>
    public T[]? ReadArray<T>(ElementReader<T> readElement, int minElementSize = 1)
    {
        var count = ReadCount(minElementSize);
        if (count < 0)
        {
            return null;
        }

        var array = new T[count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = readElement(ref this);
        }

        return array;
    }

    /// <summary>Reads a list element by element.</summary>
    public List<T>? ReadList<T>(ElementReader<T> readElement, int minElementSize = 1)
    {
        var count = ReadCount(minElementSize);
        if (count < 0)
        {
            return null;
        }

        var list = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(readElement(ref this));
        }

        return list;
    }

    /// <summary>Reads a string-keyed dictionary; a repeated key is an error.</summary>
    public Dictionary<string, T>? ReadDictionary<T>(ElementReader<T> readValue, int minValueSize = 1)
    {
        var count = ReadCount(1 + minValueSize);
        if (count < 0)
        {
            return null;
        }

        var dictionary = new Dictionary<string, T>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var keyStart = _position;
            var key = ReadNonNullString();
            if (!dictionary.TryAdd(key, readValue(ref this)))
            {
                throw DuplicateKey(key, keyStart);
            }
        }

        return dictionary;
    }

    /// <summary>Reads a nullable value written by <see cref="StateWriter.WriteNullable{T}"/>.</summary>
    public T? ReadNullable<T>(ElementReader<T> readValue)
        where T : struct =>
        ReadBoolean() ? readValue(ref this) : null;

    /// <summary>
    /// Starts a nested object. Returns false for a null object; otherwise gives its announced
    /// member count and the offset where it ends (pass that to <see cref="EndObject"/>).
    /// </summary>
    public bool BeginObject(out int memberCount, out int end)
    {
        var start = _position;
        var length = ReadInt32();
        if (length == -1)
        {
            memberCount = 0;
            end = _position;
            return false;
        }

        if (length < 1 || length > Remaining)
        {
            throw TooLong("a nested object of", length, "bytes", start);
        }

        end = _position + length;
        memberCount = ReadByte();
        return true;
    }

    /// <summary>
    /// Ends a nested object: skips members a newer writer appended, and fails if the members read
    /// ran past the object's announced length.
    /// </summary>
    public void EndObject(int end, int announcedMembers, int knownMembers)
    {
        if (_position > end || (announcedMembers <= knownMembers && _position != end))
        {
            throw Error(StateFormatError.InvalidLength, "a nested object's members do not match its length");
        }

        _position = end;
    }

    /// <summary>Creates the typed error for the current position.</summary>
    public readonly StateFormatException Error(StateFormatError error, string detail) => Error(error, detail, _position);

    // Cold paths. Each error is built in a method the JIT never inlines: an interpolated message
    // inlined into a generated Read method adds string-builder locals that the method's prologue
    // zeroes on every call (measured: a 720-byte frame made the preferences read 40 ns instead of 27).

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly StateFormatException Error(StateFormatError error, string detail, int offset) =>
        new(_typeName, offset, error, detail);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly StateFormatException NotAPayload(byte first) =>
        Error(StateFormatError.NotAPayload, $"the first byte is 0x{first:X2}, not the payload marker 0x{StateFormat.Magic:X2}", 0);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly StateFormatException UnsupportedFormatVersion(byte version) =>
        new(_typeName, 1, StateFormatError.UnsupportedFormatVersion,
            $"format version {version} is not supported (this library reads version {StateFormat.Version})");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly StateFormatException SchemaVersionMismatch(int actual, int expected) =>
        new(_typeName, 2, StateFormatError.SchemaVersionMismatch,
            $"the payload has schema version {actual} but the type has schema version {expected}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly StateFormatException TrailingBytes() =>
        Error(StateFormatError.InvalidLength, $"{_data.Length - _position} unexpected bytes after the last member", _position);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly StateFormatException NotABoolean(byte value) =>
        Error(StateFormatError.InvalidValue, $"0x{value:X2} is not a boolean", _position - 1);

    /// <summary>"{what} {size} {unit} ... does not fit in the bytes left", for a length or count read at <paramref name="start"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly StateFormatException TooLong(string what, long size, string unit, int start) =>
        Error(StateFormatError.InvalidLength, $"{what} {size} {unit} cannot fit in the {Remaining} bytes left", start);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly StateFormatException DuplicateKey(string key, int keyStart) =>
        Error(StateFormatError.InvalidValue, $"the dictionary key \"{key}\" appears twice", keyStart);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_data.Length - _position))
        {
            ThrowTruncated(count);
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private readonly void ThrowTruncated(int count) =>
        throw Error(StateFormatError.Truncated, $"{count} bytes were needed but only {_data.Length - _position} remain");
}
