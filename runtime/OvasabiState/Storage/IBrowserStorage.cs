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
    /// <remarks>The result carries the store's write counter as the reading transaction saw it (unknown for the one-by-one default).</remarks>
    async ValueTask<IndexedDbRead> GetRecordsAsync(string database, string store, IReadOnlyList<IndexKey> keys, CancellationToken cancellationToken = default)
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

        return new IndexedDbRead(records, IndexedDbRead.UnknownCounter);
    }

    /// <summary>
    /// Lets the page run before the caller goes on (a new browser task): long .NET work, such as
    /// encoding a 10,000-record flush, calls it between chunks so the page's thread is never held
    /// for long. The default returns at once (nothing else shares the caller's thread).
    /// </summary>
    ValueTask YieldToPageAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Puts and deletes records in one transaction.</summary>
    ValueTask WriteRecordsAsync(string database, string store, IReadOnlyList<IndexedDbRecord> put, IReadOnlyList<IndexKey> delete, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records whose key (<paramref name="index"/> null) or index value lies in <paramref name="range"/>, in key or index order,
    /// with the store's write counter as the reading transaction saw it.
    /// </summary>
    ValueTask<IndexedDbRead> QueryRecordsAsync(string database, string store, string? index, KeyRange range, CancellationToken cancellationToken = default);

    /// <summary>
    /// Compare-and-set writes of records, all in ONE readwrite transaction, so no other tab's write
    /// interleaves: each is applied only when the stored object's version token is the one it
    /// expects; the others come back as conflicts, with what is stored now. A transaction that
    /// applies anything bumps the store's write counter. A failure (quota) fails all of it.
    /// </summary>
    ValueTask<IndexedDbMutationResult> MutateRecordsAsync(string database, string store, IReadOnlyList<IndexedDbMutation> mutations, CancellationToken cancellationToken = default);

    /// <summary>
    /// Compare-and-set writes of Web Storage items, under the Web Lock <paramref name="lockName"/>
    /// (the writers of one store in every tab take turns): each is applied only when the stored
    /// item's version token (<see cref="VersionedText"/>) is the one it expects; the others come
    /// back as conflicts. An item the area refuses (quota) is reported and the others are written.
    /// </summary>
    ValueTask<WebStorageMutationResult> MutateItemsAsync(WebStorageArea area, string lockName, IReadOnlyList<WebStorageMutation> mutations, CancellationToken cancellationToken = default);

    /// <summary>
    /// The instance ids of the tabs of this origin that are open now (each holds a Web Lock named
    /// after its id for as long as it lives). A tab not listed is gone: its pending writes, kept in
    /// the durable outbox, can be taken over.
    /// </summary>
    ValueTask<IReadOnlyCollection<string>> GetLiveTabsAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends a message to the other tabs of this origin (not to this one).</summary>
    ValueTask BroadcastAsync(CrossTabMessage message, CancellationToken cancellationToken = default);
}
