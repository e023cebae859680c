using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Tests.Identity;

/// <summary>A tab whose localStorage says it is available but fails every read (a browser error mid-session).</summary>
internal sealed class ThrowingReads(InMemoryBrowserStorage inner) : IBrowserStorage
{
    public string InstanceId => inner.InstanceId;

    public bool IsOnline => inner.IsOnline;

    public event EventHandler<BrowserEvent>? EnvironmentChanged
    {
        add => inner.EnvironmentChanged += value;
        remove => inner.EnvironmentChanged -= value;
    }

    public event EventHandler<CrossTabMessage>? MessageReceived
    {
        add => inner.MessageReceived += value;
        remove => inner.MessageReceived -= value;
    }

    public ValueTask<bool> IsAvailableAsync(WebStorageArea area, CancellationToken cancellationToken = default) => inner.IsAvailableAsync(area, cancellationToken);

    public ValueTask<string?> GetItemAsync(WebStorageArea area, string key, CancellationToken cancellationToken = default) =>
        throw new StorageException(StateLayer.Local, StorageFailure.Failed, "read failed");

    public ValueTask WriteItemsAsync(WebStorageArea area, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> remove, CancellationToken cancellationToken = default) =>
        inner.WriteItemsAsync(area, set, remove, cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetKeysAsync(WebStorageArea area, string prefix, CancellationToken cancellationToken = default) => inner.GetKeysAsync(area, prefix, cancellationToken);

    public ValueTask<bool> OpenDatabaseAsync(string database, IReadOnlyList<StoreSchema> stores, CancellationToken cancellationToken = default) => inner.OpenDatabaseAsync(database, stores, cancellationToken);

    public ValueTask<IndexedDbRecord?> GetRecordAsync(string database, string store, IndexKey key, CancellationToken cancellationToken = default) => inner.GetRecordAsync(database, store, key, cancellationToken);

    public ValueTask WriteRecordsAsync(string database, string store, IReadOnlyList<IndexedDbRecord> put, IReadOnlyList<IndexKey> delete, CancellationToken cancellationToken = default) =>
        inner.WriteRecordsAsync(database, store, put, delete, cancellationToken);

    public ValueTask<IndexedDbRead> QueryRecordsAsync(string database, string store, string? index, KeyRange range, CancellationToken cancellationToken = default) =>
        inner.QueryRecordsAsync(database, store, index, range, cancellationToken);

    public ValueTask BroadcastAsync(CrossTabMessage message, CancellationToken cancellationToken = default) => inner.BroadcastAsync(message, cancellationToken);

    public ValueTask<IndexedDbMutationResult> MutateRecordsAsync(string database, string store, IReadOnlyList<IndexedDbMutation> mutations, CancellationToken cancellationToken = default) =>
        inner.MutateRecordsAsync(database, store, mutations, cancellationToken);

    public ValueTask<WebStorageMutationResult> MutateItemsAsync(WebStorageArea area, string lockName, IReadOnlyList<WebStorageMutation> mutations, CancellationToken cancellationToken = default) =>
        inner.MutateItemsAsync(area, lockName, mutations, cancellationToken);

    public ValueTask<IReadOnlyCollection<string>> GetLiveTabsAsync(CancellationToken cancellationToken = default) => inner.GetLiveTabsAsync(cancellationToken);
}
