using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Tests.Simulation;

/// <summary>
/// A simulated tab whose cross-tab messages wait in <see cref="Held"/> until the schedule delivers,
/// drops, duplicates or reorders them. Everything else goes straight to the in-memory origin.
/// </summary>
internal sealed class SimTab : IBrowserStorage
{
    public SimTab(InMemoryBrowserStorage inner)
    {
        Inner = inner;
        inner.MessageReceived += (_, message) => Held.Add(message);
    }

    public event EventHandler<BrowserEvent>? EnvironmentChanged
    {
        add => Inner.EnvironmentChanged += value;
        remove => Inner.EnvironmentChanged -= value;
    }

    public event EventHandler<CrossTabMessage>? MessageReceived;

    public InMemoryBrowserStorage Inner { get; }

    /// <summary>Messages sent by other tabs and not delivered yet, in the order sent.</summary>
    public List<CrossTabMessage> Held { get; } = [];

    public string InstanceId => Inner.InstanceId;

    public bool IsOnline => Inner.IsOnline;

    public void Deliver(CrossTabMessage message) => MessageReceived?.Invoke(this, message);

    public ValueTask<bool> IsAvailableAsync(WebStorageArea area, CancellationToken cancellationToken = default) => Inner.IsAvailableAsync(area, cancellationToken);

    public ValueTask<string?> GetItemAsync(WebStorageArea area, string key, CancellationToken cancellationToken = default) => Inner.GetItemAsync(area, key, cancellationToken);

    public ValueTask<IReadOnlyList<string?>> GetItemsAsync(WebStorageArea area, IReadOnlyList<string> keys, CancellationToken cancellationToken = default) => Inner.GetItemsAsync(area, keys, cancellationToken);

    public ValueTask WriteItemsAsync(WebStorageArea area, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> remove, CancellationToken cancellationToken = default) =>
        Inner.WriteItemsAsync(area, set, remove, cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetKeysAsync(WebStorageArea area, string prefix, CancellationToken cancellationToken = default) => Inner.GetKeysAsync(area, prefix, cancellationToken);

    public ValueTask<bool> OpenDatabaseAsync(string database, IReadOnlyList<StoreSchema> stores, CancellationToken cancellationToken = default) => Inner.OpenDatabaseAsync(database, stores, cancellationToken);

    public ValueTask<IndexedDbRecord?> GetRecordAsync(string database, string store, IndexKey key, CancellationToken cancellationToken = default) => Inner.GetRecordAsync(database, store, key, cancellationToken);

    public ValueTask<IndexedDbRead> GetRecordsAsync(string database, string store, IReadOnlyList<IndexKey> keys, CancellationToken cancellationToken = default) =>
        Inner.GetRecordsAsync(database, store, keys, cancellationToken);

    public ValueTask WriteRecordsAsync(string database, string store, IReadOnlyList<IndexedDbRecord> put, IReadOnlyList<IndexKey> delete, CancellationToken cancellationToken = default) =>
        Inner.WriteRecordsAsync(database, store, put, delete, cancellationToken);

    public ValueTask<IndexedDbRead> QueryRecordsAsync(string database, string store, string? index, KeyRange range, CancellationToken cancellationToken = default) =>
        Inner.QueryRecordsAsync(database, store, index, range, cancellationToken);

    public ValueTask<IndexedDbMutationResult> MutateRecordsAsync(string database, string store, IReadOnlyList<IndexedDbMutation> mutations, CancellationToken cancellationToken = default) =>
        Inner.MutateRecordsAsync(database, store, mutations, cancellationToken);

    public ValueTask<WebStorageMutationResult> MutateItemsAsync(WebStorageArea area, string lockName, IReadOnlyList<WebStorageMutation> mutations, CancellationToken cancellationToken = default) =>
        Inner.MutateItemsAsync(area, lockName, mutations, cancellationToken);

    public ValueTask<IReadOnlyCollection<string>> GetLiveTabsAsync(CancellationToken cancellationToken = default) => Inner.GetLiveTabsAsync(cancellationToken);

    public ValueTask BroadcastAsync(CrossTabMessage message, CancellationToken cancellationToken = default) => Inner.BroadcastAsync(message, cancellationToken);
}
