using System;
using System.Collections.Generic;
using OvasabiState.Serialization;
using OvasabiState.Versions;

namespace OvasabiState.Sync;

/// <summary>
/// A record as a storage layer holds it: the stamp followed by the payload. Layout of format 2
/// (little-endian; a version is <c>clock:i64 writer:u64</c>):
/// <code>
/// 0x53 0x02 flags:u8 version origin:string writtenAtMs:i64 contentHash:u64
/// ancestorCount:u8 version*
/// [flags &amp; 2] extraCount:u8 version* fallbackIndex:u8 memberCount:u8 memberIndex:u8*
/// payloadLength:i32 payload
/// </code>
/// Flag 1 marks a tombstone (no payload, hash 0). Flag 2 lists member versions: index 0 is the
/// copy's own version, index <c>i</c> the <c>i</c>-th extra one; members past the list have the
/// fallback's; without the flag every member has the copy's version. Reading checks the payload against the content hash, so bit rot and torn
/// writes are caught. Format 1 (the first wave's, content-hash ancestry) is still read: its copy
/// gets a version from its counter and time, and no lineage.
/// </summary>
public sealed class StoredEntry
{
    private const byte Magic = 0x53;
    private const byte FormatLegacy = 1;
    private const byte Format = 2;
    private const byte DeletedFlag = 1;
    private const byte MemberVersionsFlag = 2;
    private const int MaxMembers = 64;

    /// <summary>Creates an entry.</summary>
    public StoredEntry(StateStamp stamp, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        ArgumentNullException.ThrowIfNull(payload);
        Stamp = stamp;
        Payload = payload;
    }

    /// <summary>The copy's stamp.</summary>
    public StateStamp Stamp { get; }

    /// <summary>The serialized record (empty for a tombstone).</summary>
    public byte[] Payload { get; }

    /// <summary>A tombstone: the record deleted by <paramref name="stamp"/>'s write.</summary>
    public static StoredEntry Tombstone(StateStamp stamp) => new(stamp with { Deleted = true, ContentHash = 0 }, []);

    /// <summary>
    /// True for an entry of the first wave's format: it was stored without a version token (its
    /// IndexedDB object has no <c>$ver</c>, its Web Storage item no prefix), so its token is empty.
    /// </summary>
    public static bool IsFirstFormat(ReadOnlySpan<byte> bytes) => bytes.Length > 1 && bytes[0] == Magic && bytes[1] == FormatLegacy;

    /// <summary>The entry's bytes.</summary>
    public byte[] Encode()
    {
        var members = Stamp.Members;
        var listed = !members.IsUniform || members.Fallback != Stamp.Version;
        using var buffer = new StateBuffer(Payload.Length + 96 + (Stamp.Ancestors.Count * 16) + (listed ? 80 : 0));
        var writer = new StateWriter(buffer);
        writer.WriteByte(Magic);
        writer.WriteByte(Format);
        writer.WriteByte((byte)((Stamp.Deleted ? DeletedFlag : 0) | (listed ? MemberVersionsFlag : 0)));
        WriteVersion(ref writer, Stamp.Version);
        writer.WriteString(Stamp.Origin);
        writer.WriteInt64(Stamp.WrittenAt.ToUnixTimeMilliseconds());
        writer.WriteUInt64(Stamp.ContentHash);
        writer.WriteByte((byte)Math.Min(Stamp.Ancestors.Count, StateStamp.MaxAncestors));
        for (var i = 0; i < Math.Min(Stamp.Ancestors.Count, StateStamp.MaxAncestors); i++)
        {
            WriteVersion(ref writer, Stamp.Ancestors[i]);
        }

        if (listed)
        {
            WriteMembers(ref writer);
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

        var format = reader.ReadByte();
        if (format == FormatLegacy)
        {
            return DecodeLegacy(ref reader, bytes, typeName);
        }

        if (format != Format)
        {
            throw new StateFormatException(typeName, 1, StateFormatError.UnsupportedFormatVersion, $"entry format {format} is not supported");
        }

        var flags = reader.ReadByte();
        if ((flags & ~(DeletedFlag | MemberVersionsFlag)) != 0)
        {
            throw reader.Error(StateFormatError.InvalidValue, $"unknown entry flags {flags}");
        }

        var version = ReadVersion(ref reader);
        var origin = reader.ReadString() ?? string.Empty;
        var writtenAt = ReadTime(ref reader);
        var hash = reader.ReadUInt64();
        var ancestors = ReadVersions(ref reader, reader.ReadByte(), StateStamp.MaxAncestors, "ancestors");
        var members = (flags & MemberVersionsFlag) != 0 ? ReadMembers(ref reader, version) : MemberVersions.Uniform(version);
        var deleted = (flags & DeletedFlag) != 0;
        var payload = ReadPayload(ref reader, bytes, typeName, hash, deleted);
        return new StoredEntry(new StateStamp(version, origin, writtenAt, hash, deleted, ancestors, members), payload);
    }

    private void WriteMembers(ref StateWriter writer)
    {
        var members = Stamp.Members;
        var table = new List<StateVersion> { Stamp.Version };
        var indexes = new byte[Math.Min(members.Count, MaxMembers)];
        var fallback = IndexIn(table, members.Fallback);
        for (var ordinal = 0; ordinal < indexes.Length; ordinal++)
        {
            indexes[ordinal] = IndexIn(table, members[ordinal]);
        }

        writer.WriteByte((byte)(table.Count - 1));
        for (var i = 1; i < table.Count; i++)
        {
            WriteVersion(ref writer, table[i]);
        }

        writer.WriteByte(fallback);
        writer.WriteByte((byte)indexes.Length);
        indexes.CopyTo(writer.Reserve(indexes.Length));

        static byte IndexIn(List<StateVersion> table, StateVersion version)
        {
            var at = table.IndexOf(version);
            if (at < 0)
            {
                table.Add(version);
                at = table.Count - 1;
            }

            return (byte)at;
        }
    }

    private static MemberVersions ReadMembers(ref StateReader reader, StateVersion version)
    {
        var extra = ReadVersions(ref reader, reader.ReadByte(), MaxMembers + 1, "member versions");
        var fallback = At(ref reader, reader.ReadByte());
        var count = (int)reader.ReadByte();
        if (count > MaxMembers)
        {
            throw reader.Error(StateFormatError.InvalidLength, $"{count} members is more than {MaxMembers}");
        }

        var versions = new StateVersion[count];
        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            versions[ordinal] = At(ref reader, reader.ReadByte());
        }

        return count == 0 ? MemberVersions.Uniform(fallback) : MemberVersions.Of(fallback, versions);

        StateVersion At(ref StateReader reader, byte index) =>
            index == 0 ? version
            : index <= extra.Length ? extra[index - 1]
            : throw reader.Error(StateFormatError.InvalidValue, $"a member names version {index} of {extra.Length + 1}");
    }

    private static StoredEntry DecodeLegacy(ref StateReader reader, ReadOnlySpan<byte> bytes, string typeName)
    {
        var counter = reader.ReadInt64();
        var layer = reader.ReadByte();
        if (layer > (byte)StateLayer.IndexedDb)
        {
            throw reader.Error(StateFormatError.InvalidValue, $"{layer} is not a layer");
        }

        var origin = reader.ReadString() ?? string.Empty;
        var hash = reader.ReadUInt64();
        var writtenAt = ReadTime(ref reader);
        var ancestorCount = (int)reader.ReadByte();
        if (ancestorCount > StateStamp.MaxAncestors)
        {
            throw reader.Error(StateFormatError.InvalidLength, $"{ancestorCount} ancestors is more than {StateStamp.MaxAncestors}");
        }

        for (var i = 0; i < ancestorCount; i++)
        {
            reader.ReadUInt64(); // Content hashes: no identity of a write, so no lineage.
        }

        var payload = ReadPayload(ref reader, bytes, typeName, hash, deleted: false);
        // Older than anything this build writes at the same time: its clock is the write time, the counter in the logical bits.
        var version = new StateVersion((writtenAt.ToUnixTimeMilliseconds() << 16) | Math.Clamp(counter, 0, 0xFFFF), HybridClock.WriterId(origin));
        return new StoredEntry(new StateStamp(version, origin, writtenAt, hash, false, [], MemberVersions.Uniform(version)), payload);
    }

    private static byte[] ReadPayload(ref StateReader reader, ReadOnlySpan<byte> bytes, string typeName, ulong hash, bool deleted)
    {
        var length = reader.ReadInt32();
        if (length < 0 || length != reader.Remaining)
        {
            throw reader.Error(StateFormatError.InvalidLength, $"the payload length {length} does not match the {reader.Remaining} bytes stored");
        }

        if (deleted)
        {
            return length == 0 && hash == 0
                ? []
                : throw reader.Error(StateFormatError.InvalidValue, "a tombstone carries a payload");
        }

        var payload = bytes[^length..].ToArray();
        if (StateHash.Of(payload) != hash)
        {
            throw new StateFormatException(typeName, bytes.Length - length, StateFormatError.ChecksumMismatch, "the payload does not match its recorded content hash");
        }

        return payload;
    }

    private static DateTimeOffset ReadTime(ref StateReader reader)
    {
        var milliseconds = reader.ReadInt64();
        return milliseconds is < -62135596800000 or > 253402300799999
            ? throw reader.Error(StateFormatError.InvalidValue, $"{milliseconds} is not a valid time")
            : DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }

    private static StateVersion[] ReadVersions(ref StateReader reader, int count, int max, string what)
    {
        if (count > max)
        {
            throw reader.Error(StateFormatError.InvalidLength, $"{count} {what} is more than {max}");
        }

        var versions = new StateVersion[count];
        for (var i = 0; i < versions.Length; i++)
        {
            versions[i] = ReadVersion(ref reader);
        }

        return versions;
    }

    private static void WriteVersion(ref StateWriter writer, StateVersion version)
    {
        writer.WriteInt64(version.Clock);
        writer.WriteUInt64(version.Writer);
    }

    private static StateVersion ReadVersion(ref StateReader reader) => new(reader.ReadInt64(), reader.ReadUInt64());
}
