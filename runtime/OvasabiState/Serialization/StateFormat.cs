namespace OvasabiState.Serialization;

/// <summary>
/// Constants of the binary payload format. Layout, all little-endian:
/// <code>
/// payload  = magic:u8 (0x4F) formatVersion:u8 schemaVersion:u16 memberCount:u8 member*
/// member   = fixed-size primitive | string | array | list | dictionary | object | nullable
/// string   = varuint(byteLength + 1; 0 = null) utf8-bytes
/// array    = varuint(count + 1; 0 = null) element*          (unmanaged elements: one bulk copy)
/// dict     = varuint(count + 1; 0 = null) (string value)*
/// object   = i32 byteLength (-1 = null) memberCount:u8 member*   (length lets old readers skip new members)
/// nullable = u8 hasValue (0|1) value?
/// </code>
/// Members are written in declaration order. A member appended in a later version is read as its
/// initializer value from older payloads, and skipped by older readers.
/// </summary>
public static class StateFormat
{
    /// <summary>First byte of every payload.</summary>
    public const byte Magic = 0x4F;

    /// <summary>The format version this library writes and reads.</summary>
    public const byte Version = 1;

    /// <summary>Size of the payload header in bytes.</summary>
    public const int HeaderSize = 5;

    /// <summary>Most persisted members a record or nested type may have (they fit a 64-bit mask).</summary>
    public const int MaxMembers = 64;
}
