namespace OvasabiState;

/// <summary>
/// The kind of an <see cref="IndexKey"/>, in IndexedDB's ordering: every number sorts before
/// every date, every date before every string, every string before every array.
/// </summary>
public enum IndexKeyKind
{
    /// <summary>No value (a null member): the record is left out of the index.</summary>
    None = 0,

    /// <summary>A number (IndexedDB numbers are doubles).</summary>
    Number = 1,

    /// <summary>A date, as milliseconds since the Unix epoch, UTC.</summary>
    Date = 2,

    /// <summary>A string.</summary>
    String = 3,

    /// <summary>An array of keys (a compound key, or the elements of a multi-entry index).</summary>
    Array = 4,
}
