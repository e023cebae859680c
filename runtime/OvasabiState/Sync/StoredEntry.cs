using System;
using OvasabiState.Serialization;

namespace OvasabiState.Sync;

/// <summary>
/// A record as a storage layer holds it: the stamp followed by the payload. Layout (little-endian):
/// <code>
/// 0x53 version:u8 stampVersion:i64 originLayer:u8 origin:string contentHash:u64 timestampMs:i64
/// ancestorCount:u8 ancestor:u64* payloadLength:i32 payload
/// </code>
/// Reading checks the payload against the content hash, so bit rot and torn writes are caught.
/// </summary>
public sealed class StoredEntry
{
    private const byte Magic = 0x53;
    private const byte Version = 1;

    /// <summary>Creates an entry.</summary>
    public StoredEntry(StateStamp stamp, byte[] payload)
    {
        Stamp = stamp;
        Payload = payload;
    }

    /// <summary>The copy's stamp.</summary>
    public StateStamp Stamp { get; }

    /// <summary>The serialized record.</summary>
    public byte[] Payload { get; }

    /// <summary>The entry's bytes.</summary>
    public byte[] Encode()
    {
        using var buffer = new StateBuffer(Payload.Length + 64);
        var writer = new StateWriter(buffer);
        writer.WriteByte(Magic);
        writer.WriteByte(Version);
        writer.WriteInt64(Stamp.Version);
        writer.WriteByte((byte)Stamp.OriginLayer);
        writer.WriteString(Stamp.Origin);
        writer.WriteUInt64(Stamp.ContentHash);
        writer.WriteInt64(Stamp.Timestamp.ToUnixTimeMilliseconds());
        writer.WriteByte((byte)Stamp.Ancestors.Count);
        foreach (var ancestor in Stamp.Ancestors)
        {
            writer.WriteUInt64(ancestor);
        }

        writer.WriteInt32(Payload.Length);
        Payload.CopyTo(writer.Reserve(Payload.Length));
        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>Reads an entry of a record of <paramref name="typeName"/>.</summary>
    /// <exception cref="StateFormatException">The bytes are not a complete, intact entry.</exception>
    public static StoredEntry Decode(ReadOnlySpan<byte> bytes, string typeName)
    {
        var reader = new StateReader(bytes, typeName);
        if (reader.ReadByte() != Magic)
        {
            throw new StateFormatException(typeName, 0, StateFormatError.NotAPayload, "the stored bytes are not an OvasabiState entry");
        }

        if (reader.ReadByte() is var version && version != Version)
        {
            throw new StateFormatException(typeName, 1, StateFormatError.UnsupportedFormatVersion, $"entry format {version} is not supported");
        }

        var stampVersion = reader.ReadInt64();
        var layer = reader.ReadByte();
        if (layer > (byte)StateLayer.IndexedDb)
        {
            throw reader.Error(StateFormatError.InvalidValue, $"{layer} is not a layer");
        }

        var origin = reader.ReadString() ?? string.Empty;
        var hash = reader.ReadUInt64();
        var milliseconds = reader.ReadInt64();
        if (milliseconds is < -62135596800000 or > 253402300799999)
        {
            throw reader.Error(StateFormatError.InvalidValue, $"{milliseconds} is not a valid time");
        }

        var ancestorCount = (int)reader.ReadByte();
        if (ancestorCount > StateStamp.MaxAncestors)
        {
            throw reader.Error(StateFormatError.InvalidLength, $"{ancestorCount} ancestors is more than {StateStamp.MaxAncestors}");
        }

        var ancestors = new ulong[ancestorCount];
        for (var i = 0; i < ancestors.Length; i++)
        {
            ancestors[i] = reader.ReadUInt64();
        }

        var length = reader.ReadInt32();
        if (length < 0 || length != reader.Remaining)
        {
            throw reader.Error(StateFormatError.InvalidLength, $"the payload length {length} does not match the {reader.Remaining} bytes stored");
        }

        var payload = bytes[^length..].ToArray();
        if (StateHash.Of(payload) != hash)
        {
            throw new StateFormatException(typeName, bytes.Length - length, StateFormatError.ChecksumMismatch, "the payload does not match its recorded content hash");
        }

        var stamp = new StateStamp(stampVersion, (StateLayer)layer, origin, hash, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), ancestors);
        return new StoredEntry(stamp, payload);
    }
}
