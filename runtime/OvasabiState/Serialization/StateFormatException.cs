using System;

namespace OvasabiState.Serialization;

/// <summary>
/// The one exception thrown for bytes that cannot be read as a layered record: corrupt,
/// truncated, hostile, or written by an unknown format or schema version. It names the type and
/// the byte offset where reading stopped. The bytes themselves are never modified or discarded
/// by the reader.
/// </summary>
public sealed class StateFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="typeName"/> at <paramref name="offset"/>.</summary>
    public StateFormatException(string typeName, int offset, StateFormatError error, string detail)
        : base($"Cannot read {typeName}: {detail} (at byte offset {offset}, {error}).")
    {
        TypeName = typeName;
        Offset = offset;
        Error = error;
    }

    /// <summary>Creates the exception with a message only (for serialization frameworks).</summary>
    public StateFormatException() : this("(unknown type)", 0, StateFormatError.InvalidValue, "unreadable payload")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StateFormatException(string message) : base(message) => TypeName = "(unknown type)";

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public StateFormatException(string message, Exception innerException) : base(message, innerException) =>
        TypeName = "(unknown type)";

    /// <summary>The full name of the type being read (or the nested type inside it).</summary>
    public string TypeName { get; }

    /// <summary>Offset of the byte at which reading failed.</summary>
    public int Offset { get; }

    /// <summary>The kind of defect.</summary>
    public StateFormatError Error { get; }
}
