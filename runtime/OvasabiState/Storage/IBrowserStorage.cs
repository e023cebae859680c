using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OvasabiState.Storage;

/// <summary>
/// The narrow boundary between OvasabiState's layers and the browser: Web Storage, IndexedDB,
/// cross-tab messages and the page's environment. The browser implementation is a JavaScript
/// module; <see cref="InMemoryBrowserStorage"/> implements it on the host for tests.
/// Failures surface as <see cref="StorageException"/>.
/// </summary>
public interface IBrowserStorage
{
    /// <summary>An id for this tab (or test instance), used as the origin of writes.</summary>
    string InstanceId { get; }

    /// <summary>True while the browser reports a network connection.</summary>
    bool IsOnline { get; }

    /// <summary>Raised for online/offline changes and when the page is being hidden (flush now).</summary>
    event EventHandler<BrowserEvent>? EnvironmentChanged;

    /// <summary>Raised when another tab of the same origin broadcasts a message.</summary>
    event EventHandler<CrossTabMessage>? MessageReceived;

    /// <summary>Checks that a Web Storage area can be used (it throws in some private modes).</summary>
    ValueTask<bool> IsAvailableAsync(WebStorageArea area, CancellationToken cancellationToken = default);

    /// <summary>Reads one item; null when absent.</summary>
    ValueTask<string?> GetItemAsync(WebStorageArea area, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads many items in one call: the result holds one entry per key, in the same order, null
    /// where the item is absent. The default reads them one by one; the browser boundaries make it
    /// one call, since a store hydrating many records would otherwise pay one round trip per key.
    /// </summary>
    async ValueTask<IReadOnlyList<string?>> GetItemsAsync(WebStorageArea area, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var items = new string?[keys.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = await GetItemAsync(area, keys[i], cancellationToken).ConfigureAwait(false);
        }

        return items;
    }

    /// <summary>Writes and removes items in one call (one batch per flush).</summary>
    ValueTask WriteItemsAsync(WebStorageArea area, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> remove, CancellationToken cancellationToken = default);

    /// <summary>The keys of an area that start with <paramref name="prefix"/>.</summary>
    ValueTask<IReadOnlyList<string>> GetKeysAsync(WebStorageArea area, string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens (creating or upgrading) a database with the given stores; existing data is kept.
    /// Returns true when stores or indexes were created or changed. OvasabiState uses one database
    /// per user, so keys and indexes need no user prefix.
    /// </summary>
    ValueTask<bool> OpenDatabaseAsync(string database, IReadOnlyList<StoreSchema> stores, CancellationToken cancellationToken = default);

    /// <summary>Reads one record; null when absent.</summary>
    ValueTask<IndexedDbRecord?> GetRecordAsync(string database, string store, IndexKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one record's stored bytes alone (no index values): what a store needs to hydrate a
    /// key. Null when absent. The default reads the whole record; the WebAssembly boundary skips
    /// the index values and their JSON, which were most of a cold single get's cost.
    /// </summary>
    async ValueTask<byte[]?> GetRecordValueAsync(string database, string store, IndexKey key, CancellationToken cancellationToken = default) =>
        (await GetRecordAsync(database, store, key, cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>
    /// Reads many records in one transaction, with every read issued at once: the result holds
    /// the records found, in no particular order (absent keys are left out). The default reads
    /// them one by one; the browser boundaries make it one call, since a store writing or
    /// hydrating many records would otherwise pay one transaction per key.
    /// </summary>
    async ValueTask<IReadOnlyList<IndexedDbRecord>> GetRecordsAsync(string database, string store, IReadOnlyList<IndexKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var records = new List<IndexedDbRecord>(keys.Count);
        foreach (var key in keys)
        {
            if (await GetRecordAsync(database, store, key, cancellationToken).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>
    /// Lets the page run before the caller goes on (a new browser task): long .NET work, such as
    /// encoding a 10,000-record flush, calls it between chunks so the page's thread is never held
    /// for long. The default returns at once (nothing else shares the caller's thread).
    /// </summary>
    ValueTask YieldToPageAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Puts and deletes records in one transaction.</summary>
    ValueTask WriteRecordsAsync(string database, string store, IReadOnlyList<IndexedDbRecord> put, IReadOnlyList<IndexKey> delete, CancellationToken cancellationToken = default);

    /// <summary>Records whose key (<paramref name="index"/> null) or index value lies in <paramref name="range"/>, in key or index order.</summary>
    ValueTask<IReadOnlyList<IndexedDbRecord>> QueryRecordsAsync(string database, string store, string? index, KeyRange range, CancellationToken cancellationToken = default);

    /// <summary>Sends a message to the other tabs of this origin (not to this one).</summary>
    ValueTask BroadcastAsync(CrossTabMessage message, CancellationToken cancellationToken = default);
}
