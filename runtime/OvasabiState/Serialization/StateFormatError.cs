namespace OvasabiState.Serialization;

/// <summary>What was wrong with bytes that could not be read.</summary>
public enum StateFormatError
{
    /// <summary>The bytes end before the value does.</summary>
    Truncated = 0,

    /// <summary>The bytes do not start with the OvasabiState payload marker.</summary>
    NotAPayload = 1,

    /// <summary>The payload was written by a newer, unknown format version.</summary>
    UnsupportedFormatVersion = 2,

    /// <summary>The payload's schema version differs from the type's <c>SchemaVersion</c>.</summary>
    SchemaVersionMismatch = 3,

    /// <summary>A length or count is negative, too large for the remaining bytes, or inconsistent.</summary>
    InvalidLength = 4,

    /// <summary>A value is malformed: a bad boolean, invalid UTF-8, a null or duplicate dictionary key.</summary>
    InvalidValue = 5,

    /// <summary>The stored bytes do not match the content hash recorded with them (bit rot, a partial write).</summary>
    ChecksumMismatch = 6,
}
