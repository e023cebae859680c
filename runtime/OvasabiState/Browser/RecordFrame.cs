using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using OvasabiState.Serialization;
using OvasabiState.Storage;

namespace OvasabiState.Browser;

/// <summary>
/// Reads the binary frame <c>ovasabi-frame.js</c> writes for records read from IndexedDB (its
/// header comment has the layout). Parsing the same records from JSON cost most of a query's
/// time on the WebAssembly interpreter; here every field is read where it lies.
/// </summary>
internal static class RecordFrame
{
    /// <summary>The layout version this reader knows.</summary>
    public const byte Version = 2;

    private const byte NumberTag = 1;
    private const byte DateTag = 2;
    private const byte TextTag = 3;
    private const byte ArrayTag = 4;

    /// <summary>A record flag: nothing is stored under the key (a compare-and-set conflict with an absent record).</summary>
    private const byte AbsentFlag = 1;

    /// <summary>The records of a frame, in the order the module read them, and the store's write counter.</summary>
    /// <exception cref="FormatException">The frame is truncated, has bytes left over, or holds an unknown version, tag, flag or index ordinal.</exception>
    public static FrameRecords Read(ReadOnlySpan<byte> frame)
    {
        var reader = new Reader(frame);
        var version = reader.Byte("the version");
        if (version != Version)
        {
            throw new FormatException($"the record frame has version {version}; this runtime reads version {Version}");
        }

        var counter = reader.Double("the write counter");
        if (!(counter >= -1 && counter <= (1L << 53)) || counter != Math.Floor(counter))
        {
            throw new FormatException($"the write counter {counter} is not a whole number from -1 up");
        }

        var names = new string[reader.Byte("the index-name count")];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.Text(reader.UInt16("an index name's length"), "an index name");
        }

        var count = reader.UInt32("the record count");
        // Each record takes at least 13 bytes: a claimed count beyond that is a damaged frame, not a reason to allocate.
        var records = new List<IndexedDbRecord>((int)Math.Min(count, (uint)frame.Length / 13));
        var absent = new List<IndexKey>();
        for (var n = 0u; n < count; n++)
        {
            var key = reader.Key(0);
            var flags = reader.Byte("a record's flags");
            if ((flags & ~AbsentFlag) != 0)
            {
                throw new FormatException($"record {n} has the unknown flags {flags}");
            }

            var token = reader.Text(reader.UInt16("a version token's length"), "a version token");
            var values = new IndexKey[reader.Byte("an index-value count")];
            // A record with a value for every index (the common case) shares the frame's names.
            var valueNames = values.Length == names.Length ? names : new string[values.Length];
            var previous = -1;
            for (var i = 0; i < values.Length; i++)
            {
                var ordinal = reader.Byte("an index ordinal");
                if (ordinal >= names.Length || ordinal <= previous)
                {
                    throw new FormatException(ordinal >= names.Length
                        ? $"record {n} names index {ordinal}; the frame lists {names.Length}"
                        : $"record {n} lists index {ordinal} after index {previous}; the module writes them once each, in order");
                }

                previous = ordinal;
                valueNames[i] = names[ordinal];
                values[i] = reader.Key(0);
            }

            var payload = reader.Bytes(reader.UInt32("a payload length"), "a payload");
            if ((flags & AbsentFlag) != 0)
            {
                absent.Add(key);
                continue;
            }

            records.Add(new IndexedDbRecord(key, payload.ToArray(), new IndexValueList(valueNames, values)) { Version = token });
        }

        if (!reader.AtEnd)
        {
            throw new FormatException($"the record frame has {reader.Left} bytes after its {count} records");
        }

        return new FrameRecords(records, absent, (long)counter);
    }

    private ref struct Reader(ReadOnlySpan<byte> frame)
    {
        private readonly ReadOnlySpan<byte> _frame = frame;
        private int _at;

        public readonly bool AtEnd => _at == _frame.Length;

        public readonly int Left => _frame.Length - _at;

        public byte Byte(string what) => Take(1, what)[0];

        public ushort UInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

        public uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

        public double Double(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

        public ReadOnlySpan<byte> Bytes(uint length, string what) =>
            length > (uint)Left ? throw Truncated(length, what) : Take((int)length, what);

        // The module writes with TextEncoder, which always gives valid UTF-8: anything else is damage.
        public string Text(uint length, string what) =>
            Utf8Text.TryDecode(Bytes(length, what)) ?? throw new FormatException($"{what} ending at byte {_at} is not valid UTF-8");

        public IndexKey Key(int depth)
        {
            var tag = Byte("a key's tag");
            switch (tag)
            {
                case NumberTag:
                    var number = Double("a number key");
                    return double.IsNaN(number) ? throw new FormatException("a number key is NaN, which IndexedDB never stores") : IndexKey.From(number);
                case DateTag:
                    return DateKey(Double("a date key"));
                case TextTag:
                    return IndexKey.From(Text(UInt32("a string key's length"), "a string key"));
                case ArrayTag when depth < IndexKey.MaxDepth:
                    var items = new IndexKey[UInt16("an array key's length")];
                    for (var i = 0; i < items.Length; i++)
                    {
                        items[i] = Key(depth + 1);
                    }

                    return IndexKey.Array(items);
                case ArrayTag:
                    throw new FormatException($"an array key is nested deeper than {IndexKey.MaxDepth} levels");
                default:
                    throw new FormatException($"a key has the unknown tag {tag} at byte {_at - 1}");
            }
        }

        private static IndexKey DateKey(double milliseconds)
        {
            // IndexedDB dates hold whole milliseconds; JavaScript's range is wider than DateTime's.
            var earliest = (DateTime.MinValue - DateTime.UnixEpoch).TotalMilliseconds;
            var latest = (DateTime.MaxValue - DateTime.UnixEpoch).TotalMilliseconds;
            return milliseconds >= earliest && milliseconds <= latest
                ? IndexKey.From(DateTime.UnixEpoch.AddMilliseconds(milliseconds))
                : throw new FormatException($"the date key {milliseconds} ms after 1970 is outside the range .NET dates hold");
        }

        private ReadOnlySpan<byte> Take(int length, string what)
        {
            if (length > Left)
            {
                throw Truncated((uint)length, what);
            }

            var span = _frame.Slice(_at, length);
            _at += length;
            return span;
        }

        private readonly FormatException Truncated(uint length, string what) =>
            new($"the record frame ends at byte {_frame.Length}: {what} needs {length} bytes from byte {_at}");
    }
}

/// <summary>What a frame holds: records, keys with nothing stored (conflicts only), and the store's write counter.</summary>
internal sealed record FrameRecords(List<IndexedDbRecord> Records, List<IndexKey> Absent, long Counter)
{
    /// <summary>The records, with the counter, as a read result.</summary>
    public IndexedDbRead AsRead() => new(Records, Counter);

    /// <summary>The records and absent keys as compare-and-set conflicts.</summary>
    public IndexedDbMutationResult AsMutationResult()
    {
        var conflicts = new List<IndexedDbConflict>(Records.Count + Absent.Count);
        foreach (var record in Records)
        {
            conflicts.Add(new IndexedDbConflict(record.Key, record.Value, record.Version));
        }

        foreach (var key in Absent)
        {
            conflicts.Add(new IndexedDbConflict(key, null, null));
        }

        return new IndexedDbMutationResult(Counter, conflicts);
    }
}
