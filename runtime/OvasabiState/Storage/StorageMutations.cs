using System.Collections.Generic;

namespace OvasabiState.Storage;

/// <summary>Version tokens a compare-and-set write can expect.</summary>
public static class ExpectedVersion
{
    /// <summary>Write whatever is stored (outbox rows, which one tab alone writes).</summary>
    public const string Any = "*";
}

/// <summary>
/// A compare-and-set write of one IndexedDB record: applied only when the stored object's
/// version token is <see cref="Expected"/> (null: no object is stored). Otherwise the stored
/// object comes back as a conflict and nothing of this record is written.
/// </summary>
/// <param name="Key">The record key.</param>
/// <param name="Value">The bytes to store; null removes the record.</param>
/// <param name="IndexValues">The record's index values (none for a tombstone or a removal).</param>
/// <param name="Version">The version token stored with the bytes (the object's <c>$ver</c>).</param>
/// <param name="Expected">The token the writer believes is stored; null for none, <see cref="ExpectedVersion.Any"/> for a blind write.</param>
/// <param name="SeenCounter">
/// The store's write counter when the writer learned that <see cref="Expected"/> is stored:
/// when the counter has not moved since, the stored token is not read again.
/// </param>
public sealed record IndexedDbMutation(IndexKey Key, byte[]? Value, IReadOnlyDictionary<string, IndexKey> IndexValues, string? Version, string? Expected, long SeenCounter);

/// <summary>A record a compare-and-set write found changed: what is stored now (null: nothing).</summary>
/// <param name="Key">The record key.</param>
/// <param name="Stored">The stored bytes, or null when the record is absent.</param>
/// <param name="Version">The stored object's version token (empty when it has none, null when absent).</param>
public sealed record IndexedDbConflict(IndexKey Key, byte[]? Stored, string? Version);

/// <summary>The outcome of <see cref="IBrowserStorage.MutateRecordsAsync"/>.</summary>
/// <param name="Counter">The store's write counter after the transaction.</param>
/// <param name="Conflicts">Records not written because their stored version was not the expected one.</param>
public sealed record IndexedDbMutationResult(long Counter, IReadOnlyList<IndexedDbConflict> Conflicts);

/// <summary>
/// A compare-and-set write of one Web Storage item: applied only when the stored item's version
/// token (see <see cref="VersionedText"/>) is <see cref="Expected"/> (null: no item).
/// </summary>
/// <param name="Key">The item key.</param>
/// <param name="Value">The text to store; null removes the item.</param>
/// <param name="Expected">The token the writer believes is stored; null for none, <see cref="ExpectedVersion.Any"/> for a blind write.</param>
public sealed record WebStorageMutation(string Key, string? Value, string? Expected);

/// <summary>An item a compare-and-set write found changed: what is stored now (null: nothing).</summary>
/// <param name="Key">The item key.</param>
/// <param name="Stored">The stored text, or null.</param>
public sealed record WebStorageConflict(string Key, string? Stored);

/// <summary>An item the area refused (its quota, most often); the other items were still written.</summary>
/// <param name="Key">The item key.</param>
/// <param name="Error">Why.</param>
public sealed record WebStorageRefusal(string Key, StorageException Error);

/// <summary>The outcome of <see cref="IBrowserStorage.MutateItemsAsync"/>.</summary>
/// <param name="Conflicts">Items not written because their stored version was not the expected one.</param>
/// <param name="Refused">Items the area refused; every other item was written.</param>
public sealed record WebStorageMutationResult(IReadOnlyList<WebStorageConflict> Conflicts, IReadOnlyList<WebStorageRefusal> Refused);
