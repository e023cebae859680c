using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Tests.Stores;

/// <summary>
/// A tab whose cross-tab messages are held until the test delivers them, as a real
/// BroadcastChannel delivers asynchronously: lets tests choose which tab hears first, and let
/// both tabs flush before either hears of the other.
/// </summary>
internal sealed class HeldMessagesTab : IBrowserStorage
{
    private readonly ConcurrentQueue<CrossTabMessage> _held = new();

    public HeldMessagesTab(InMemoryBrowserStorage inner)
    {
        Inner = inner;
        inner.MessageReceived += (_, message) => _held.Enqueue(message);
    }

    public event EventHandler<BrowserEvent>? EnvironmentChanged
    {
        add => Inner.EnvironmentChanged += value;
        remove => Inner.EnvironmentChanged -= value;
    }

    public event EventHandler<CrossTabMessage>? MessageReceived;

    public InMemoryBrowserStorage Inner { get; }

    public int HeldCount => _held.Count;

    public string InstanceId => Inner.InstanceId;

    public bool IsOnline => Inner.IsOnline;

    /// <summary>Delivers every held message, in the order sent.</summary>
    public int DeliverAll()
    {
        var delivered = 0;
        while (_held.TryDequeue(out var message))
        {
            MessageReceived?.Invoke(this, message);
            delivered++;
        }

        return delivered;
    }

    public ValueTask<bool> IsAvailableAsync(WebStorageArea area, CancellationToken cancellationToken = default) => Inner.IsAvailableAsync(area, cancellationToken);

    public ValueTask<string?> GetItemAsync(WebStorageArea area, string key, CancellationToken cancellationToken = default) => Inner.GetItemAsync(area, key, cancellationToken);

    public ValueTask WriteItemsAsync(WebStorageArea area, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> remove, CancellationToken cancellationToken = default) =>
        Inner.WriteItemsAsync(area, set, remove, cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetKeysAsync(WebStorageArea area, string prefix, CancellationToken cancellationToken = default) => Inner.GetKeysAsync(area, prefix, cancellationToken);

    public ValueTask<bool> OpenDatabaseAsync(string database, IReadOnlyList<StoreSchema> stores, CancellationToken cancellationToken = default) => Inner.OpenDatabaseAsync(database, stores, cancellationToken);

    public ValueTask<IndexedDbRecord?> GetRecordAsync(string database, string store, IndexKey key, CancellationToken cancellationToken = default) => Inner.GetRecordAsync(database, store, key, cancellationToken);

    public ValueTask WriteRecordsAsync(string database, string store, IReadOnlyList<IndexedDbRecord> put, IReadOnlyList<IndexKey> delete, CancellationToken cancellationToken = default) =>
        Inner.WriteRecordsAsync(database, store, put, delete, cancellationToken);

    public ValueTask<IndexedDbRead> QueryRecordsAsync(string database, string store, string? index, KeyRange range, CancellationToken cancellationToken = default) =>
        Inner.QueryRecordsAsync(database, store, index, range, cancellationToken);

    public ValueTask BroadcastAsync(CrossTabMessage message, CancellationToken cancellationToken = default) => Inner.BroadcastAsync(message, cancellationToken);

    public ValueTask<IndexedDbMutationResult> MutateRecordsAsync(string database, string store, IReadOnlyList<IndexedDbMutation> mutations, CancellationToken cancellationToken = default) =>
        Inner.MutateRecordsAsync(database, store, mutations, cancellationToken);

    public ValueTask<WebStorageMutationResult> MutateItemsAsync(WebStorageArea area, string lockName, IReadOnlyList<WebStorageMutation> mutations, CancellationToken cancellationToken = default) =>
        Inner.MutateItemsAsync(area, lockName, mutations, cancellationToken);

    public ValueTask<IReadOnlyCollection<string>> GetLiveTabsAsync(CancellationToken cancellationToken = default) => Inner.GetLiveTabsAsync(cancellationToken);
}
