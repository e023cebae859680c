using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using OvasabiState.Storage;

namespace OvasabiState.Tests.Browser;

/// <summary>
/// Writes record frames the way ovasabi-frame.js does (the layout is in its header), so the
/// reader can be tested on the host; the browser tests check the module against the same reader.
/// </summary>
internal sealed class FrameBuilder
{
    private readonly List<byte> _bytes = [];

    public FrameBuilder U8(int value)
    {
        _bytes.Add((byte)value);
        return this;
    }

    public FrameBuilder U16(int value) => Raw(BitConverter.GetBytes((ushort)value));

    public FrameBuilder U32(uint value) => Raw(BitConverter.GetBytes(value));

    public FrameBuilder F64(double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        return Raw(bytes);
    }

    public FrameBuilder Raw(byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public FrameBuilder Text(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return U32((uint)utf8.Length).Raw(utf8);
    }

    public FrameBuilder Key(IndexKey key) => key.Kind switch
    {
        IndexKeyKind.Number => U8(1).F64(key.Number),
        IndexKeyKind.Date => U8(2).F64(key.Number),
        IndexKeyKind.String => U8(3).Text(key.Text),
        IndexKeyKind.Array => Items(key.Items),
        _ => throw new ArgumentException($"no frame form for {key.Kind}", nameof(key)),
    };

    public byte[] ToArray() => [.. _bytes];

    /// <summary>A frame's start: the version (2) and the store's write counter.</summary>
    public static FrameBuilder Head(double counter = 0) => new FrameBuilder().U8(2).F64(counter);

    /// <summary>
    /// A whole frame of <paramref name="records"/> (each with its version token) and
    /// <paramref name="absent"/> keys (flagged: nothing stored), with the index names
    /// <paramref name="names"/> and the write counter <paramref name="counter"/>.
    /// </summary>
    public static byte[] Of(IReadOnlyList<string> names, IReadOnlyList<IndexedDbRecord> records, double counter = 0, IReadOnlyList<IndexKey>? absent = null)
    {
        var frame = Head(counter).U8(names.Count);
        foreach (var name in names)
        {
            var utf8 = Encoding.UTF8.GetBytes(name);
            frame.U16(utf8.Length).Raw(utf8);
        }

        frame.U32((uint)(records.Count + (absent?.Count ?? 0)));
        foreach (var record in records)
        {
            frame.Key(record.Key).U8(0).Token(record.Version).U8(record.IndexValues.Count);
            foreach (var (name, value) in record.IndexValues)
            {
                frame.U8(IndexOf(names, name)).Key(value);
            }

            frame.U32((uint)record.Value.Length).Raw(record.Value);
        }

        foreach (var key in absent ?? [])
        {
            frame.Key(key).U8(1).Token("").U8(0).U32(0);
        }

        return frame.ToArray();
    }

    /// <summary>A version token: a u16 length, then UTF-8.</summary>
    public FrameBuilder Token(string token)
    {
        var utf8 = Encoding.UTF8.GetBytes(token);
        return U16(utf8.Length).Raw(utf8);
    }

    private FrameBuilder Items(IReadOnlyList<IndexKey> items)
    {
        U8(4).U16(items.Count);
        foreach (var item in items)
        {
            Key(item);
        }

        return this;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"{name} is not among the frame's index names", nameof(name));
    }
}
