using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OvasabiState.Storage;

/// <summary>
/// One tab of an <see cref="InMemoryBrowser"/>: the <see cref="IBrowserStorage"/> to hand to
/// OvasabiState in host tests (bUnit or xUnit), like Blazored's in-memory providers.
/// </summary>
public sealed class InMemoryBrowserStorage : IBrowserStorage
{
    private readonly InMemoryBrowser _browser;

    internal InMemoryBrowserStorage(InMemoryBrowser browser, string instanceId)
    {
        _browser = browser;
        InstanceId = instanceId;
    }

    /// <inheritdoc />
    public event EventHandler<BrowserEvent>? EnvironmentChanged;

    /// <inheritdoc />
    public event EventHandler<CrossTabMessage>? MessageReceived;

    /// <inheritdoc />
    public string InstanceId { get; }

    /// <inheritdoc />
    public bool IsOnline => _browser.IsOnline;

    /// <summary>The origin this tab belongs to.</summary>
    public InMemoryBrowser Browser => _browser;

    /// <summary>This tab's sessionStorage (read and plant values directly in tests).</summary>
    public Dictionary<string, string> SessionStorage { get; } = new(StringComparer.Ordinal);

    /// <summary>When true, sessionStorage throws as in some private modes.</summary>
    public bool SessionStorageUnavailable { get; set; }

    /// <summary>sessionStorage quota in UTF-16 characters; null for none.</summary>
    public long? SessionStorageQuota { get; set; }

    /// <summary>Simulates the page being hidden (the runtime flushes pending writes).</summary>
    public void RaisePageHide() => Raise(BrowserEvent.PageHide);

    /// <inheritdoc />
    public ValueTask<bool> IsAvailableAsync(WebStorageArea area, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(area == WebStorageArea.Session ? !SessionStorageUnavailable : !_browser.LocalStorageUnavailable);

    /// <inheritdoc />
    public ValueTask<string?> GetItemAsync(WebStorageArea area, string key, CancellationToken cancellationToken = default)
    {
        lock (_browser.Gate)
        {
            _browser.CountWebStorageRead();
            return ValueTask.FromResult(Items(area).TryGetValue(key, out var value) ? value : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string?>> GetItemsAsync(WebStorageArea area, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lock (_browser.Gate)
        {
            _browser.CountWebStorageRead();
            var items = Items(area);
            IReadOnlyList<string?> values = keys.Select(k => items.TryGetValue(k, out var value) ? value : null).ToList();
            return ValueTask.FromResult(values);
        }
    }

    /// <inheritdoc />
    public ValueTask WriteItemsAsync(WebStorageArea area, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> remove, CancellationToken cancellationToken = default)
    {
        if (area == WebStorageArea.Local)
        {
            _browser.WriteLocal(set, remove);
            return ValueTask.CompletedTask;
        }

        lock (_browser.Gate)
        {
            InMemoryBrowser.WriteItems(Items(area), set, remove, SessionStorageQuota, StateLayer.Session);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> GetKeysAsync(WebStorageArea area, string prefix, CancellationToken cancellationToken = default)
    {
        lock (_browser.Gate)
        {
            IReadOnlyList<string> keys = Items(area).Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal).ToList();
            return ValueTask.FromResult(keys);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> OpenDatabaseAsync(string database, IReadOnlyList<StoreSchema> stores, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_browser.OpenDatabase(database, stores));

    /// <inheritdoc />
    public ValueTask<IndexedDbRecord?> GetRecordAsync(string database, string store, IndexKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_browser.GetRecord(database, store, key));

    /// <inheritdoc />
    public ValueTask<IndexedDbRead> GetRecordsAsync(string database, string store, IReadOnlyList<IndexKey> keys, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_browser.GetRecords(database, store, keys));

    /// <inheritdoc />
    public ValueTask<IndexedDbMutationResult> MutateRecordsAsync(string database, string store, IReadOnlyList<IndexedDbMutation> mutations, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_browser.MutateRecords(database, store, mutations));

    /// <inheritdoc />
    public ValueTask<WebStorageMutationResult> MutateItemsAsync(WebStorageArea area, string lockName, IReadOnlyList<WebStorageMutation> mutations, CancellationToken cancellationToken = default)
    {
        if (area == WebStorageArea.Local)
        {
            return ValueTask.FromResult(_browser.MutateLocal(mutations));
        }

        lock (_browser.Gate)
        {
            return ValueTask.FromResult(InMemoryBrowser.MutateItems(Items(area), mutations, SessionStorageQuota, StateLayer.Session));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyCollection<string>> GetLiveTabsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_browser.LiveTabs);

    /// <inheritdoc />
    public ValueTask WriteRecordsAsync(string database, string store, IReadOnlyList<IndexedDbRecord> put, IReadOnlyList<IndexKey> delete, CancellationToken cancellationToken = default)
    {
        _browser.WriteRecords(database, store, put, delete);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IndexedDbRead> QueryRecordsAsync(string database, string store, string? index, KeyRange range, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_browser.Query(database, store, index, range));

    /// <inheritdoc />
    public ValueTask BroadcastAsync(CrossTabMessage message, CancellationToken cancellationToken = default)
    {
        _browser.Broadcast(this, message);
        return ValueTask.CompletedTask;
    }

    internal void Raise(BrowserEvent browserEvent) => EnvironmentChanged?.Invoke(this, browserEvent);

    internal void Deliver(CrossTabMessage message) => MessageReceived?.Invoke(this, message);

    private Dictionary<string, string> Items(WebStorageArea area)
    {
        if (area == WebStorageArea.Session ? SessionStorageUnavailable : _browser.LocalStorageUnavailable)
        {
            throw new StorageException(area == WebStorageArea.Session ? StateLayer.Session : StateLayer.Local, StorageFailure.Unavailable, $"{area}Storage is not available");
        }

        return area == WebStorageArea.Session ? SessionStorage : _browser.LocalStorage;
    }
}
