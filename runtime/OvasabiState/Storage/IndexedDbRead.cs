using System.Collections;
using System.Collections.Generic;

namespace OvasabiState.Storage;

/// <summary>
/// Records read from one IndexedDB store in one transaction, with the store's write counter as
/// that transaction saw it. Every writing transaction bumps the counter, so a writer that read a
/// record at counter <c>c</c> and finds the counter still <c>c</c> knows the record is unchanged.
/// </summary>
public sealed class IndexedDbRead : IReadOnlyList<IndexedDbRecord>
{
    private readonly IReadOnlyList<IndexedDbRecord> _records;

    /// <summary>Creates a read result.</summary>
    /// <param name="records">The records found.</param>
    /// <param name="counter">The store's write counter in the reading transaction; <see cref="UnknownCounter"/> when not read.</param>
    public IndexedDbRead(IReadOnlyList<IndexedDbRecord> records, long counter)
    {
        _records = records;
        Counter = counter;
    }

    /// <summary>The counter value meaning "not known": a writer reads the records it writes.</summary>
    public const long UnknownCounter = -1;

    /// <summary>The store's write counter when the records were read.</summary>
    public long Counter { get; }

    /// <inheritdoc />
    public int Count => _records.Count;

    /// <inheritdoc />
    public IndexedDbRecord this[int index] => _records[index];

    /// <inheritdoc />
    public IEnumerator<IndexedDbRecord> GetEnumerator() => _records.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
