using System;
using System.Collections.Generic;
using OvasabiState.Serialization;
using OvasabiState.Stores;
using OvasabiState.Versions;

namespace OvasabiState.Sync;

/// <summary>
/// One pending write in the durable outbox: a tab's copy of a record that some layer has not
/// taken yet, what each layer was known to hold, and the base copies a merge needs. Written by
/// the tab that made the write; taken over by another tab once that one is gone. Layout:
/// <code>
/// 0x4F 0x01 store:string key:string writer:string current:bytes
/// syncCount:u8 (layer:u8 state:u8 clock:i64 writer:u64 token:string? counter:i64)*
/// knownCount:u8 entry:bytes*
/// </code>
/// where bytes are a length (i32) and the bytes, and entries are <see cref="StoredEntry"/> bytes.
/// </summary>
internal sealed record OutboxRow(string Store, string Key, string Writer, byte[] Current, IReadOnlyList<(StateLayer Layer, LayerSync Sync)> Synced, IReadOnlyList<byte[]> Known)
{
    private const byte Magic = 0x4F;
    private const byte Format = 1;
    private const int MaxLayers = 8;

    /// <summary>The row's key in the outbox store: one row per store, record and writer.</summary>
    public IndexKey RowKey => KeyOf(Store, Key, Writer);

    /// <summary>The outbox key of a writer's row for a record.</summary>
    public static IndexKey KeyOf(string store, string key, string writer) => IndexKey.Array(store, key, writer);

    public byte[] Encode()
    {
        using var buffer = new StateBuffer(Current.Length + 256);
        var writer = new StateWriter(buffer);
        writer.WriteByte(Magic);
        writer.WriteByte(Format);
        writer.WriteString(Store);
        writer.WriteString(Key);
        writer.WriteString(Writer);
        WriteBytes(ref writer, Current);
        writer.WriteByte((byte)Synced.Count);
        foreach (var (layer, sync) in Synced)
        {
            writer.WriteByte((byte)layer);
            writer.WriteByte((byte)sync.State);
            writer.WriteInt64(sync.Version.Clock);
            writer.WriteUInt64(sync.Version.Writer);
            writer.WriteString(sync.Token);
            writer.WriteInt64(sync.Counter);
        }

        writer.WriteByte((byte)Known.Count);
        foreach (var known in Known)
        {
            WriteBytes(ref writer, known);
        }

        writer.Flush();
        return buffer.ToArray();
    }

    /// <exception cref="StateFormatException">The bytes are not an outbox row.</exception>
    public static OutboxRow Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new StateReader(bytes, nameof(OutboxRow));
        if (reader.ReadByte() != Magic || reader.ReadByte() != Format)
        {
            throw reader.Error(StateFormatError.NotAPayload, "not an outbox row of this format");
        }

        var store = reader.ReadString() ?? throw reader.Error(StateFormatError.InvalidValue, "no store");
        var key = reader.ReadString() ?? throw reader.Error(StateFormatError.InvalidValue, "no key");
        var writer = reader.ReadString() ?? throw reader.Error(StateFormatError.InvalidValue, "no writer");
        var current = ReadBytes(ref reader);
        var count = (int)reader.ReadByte();
        if (count > MaxLayers)
        {
            throw reader.Error(StateFormatError.InvalidLength, $"{count} layers");
        }

        var synced = new (StateLayer, LayerSync)[count];
        for (var i = 0; i < count; i++)
        {
            var layer = reader.ReadByte();
            var state = reader.ReadByte();
            if (layer > (byte)StateLayer.IndexedDb || state > (byte)LayerState.Holds)
            {
                throw reader.Error(StateFormatError.InvalidValue, $"layer {layer} state {state}");
            }

            var version = new StateVersion(reader.ReadInt64(), reader.ReadUInt64());
            synced[i] = ((StateLayer)layer, new LayerSync((LayerState)state, version, reader.ReadString(), reader.ReadInt64()));
        }

        var knownCount = (int)reader.ReadByte();
        if (knownCount > MaxLayers)
        {
            throw reader.Error(StateFormatError.InvalidLength, $"{knownCount} known copies");
        }

        var known = new byte[knownCount][];
        for (var i = 0; i < knownCount; i++)
        {
            known[i] = ReadBytes(ref reader);
        }

        return new OutboxRow(store, key, writer, current, synced, known);
    }

    private static void WriteBytes(ref StateWriter writer, byte[] bytes)
    {
        writer.WriteInt32(bytes.Length);
        bytes.CopyTo(writer.Reserve(bytes.Length));
    }

    private static byte[] ReadBytes(ref StateReader reader)
    {
        var length = reader.ReadInt32();
        if (length < 0 || length > reader.Remaining)
        {
            throw reader.Error(StateFormatError.InvalidLength, $"{length} bytes of {reader.Remaining}");
        }

        return reader.ReadRaw(length).ToArray();
    }
}
