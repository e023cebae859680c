using System;
using System.Collections.Generic;
using System.Linq;

namespace OvasabiState.Storage;

/// <summary>
/// One browser origin, simulated in memory for host tests: localStorage, IndexedDB, the network
/// state and the cross-tab channel, shared by every tab opened with <see cref="OpenTab"/>.
/// Each tab has its own sessionStorage. Faults can be switched on to test the unhappy paths:
/// unavailable storage, quotas, corrupt values, offline.
/// </summary>
/// <example>
/// <code>
/// var browser = new InMemoryBrowser();
/// services.AddOvasabiState(o => o.Storage = browser.OpenTab());
/// </code>
/// </example>
public sealed class InMemoryBrowser
{
    private readonly List<InMemoryBrowserStorage> _tabs = new();
    private readonly Dictionary<string, Dictionary<IndexKey, IndexedDbRecord>> _stores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoreSchema> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _transactionsByStore = new(StringComparer.Ordinal);
    private bool _online = true;

    internal object Gate { get; } = new();

    /// <summary>The origin's localStorage (read and plant values directly in tests).</summary>
    public Dictionary<string, string> LocalStorage { get; } = new(StringComparer.Ordinal);

    /// <summary>When true, localStorage throws as in some private modes.</summary>
    public bool LocalStorageUnavailable { get; set; }

    /// <summary>When true, IndexedDB cannot be opened or used.</summary>
    public bool IndexedDbUnavailable { get; set; }

    /// <summary>localStorage quota in UTF-16 characters (keys plus values); null for none. Browsers allow about 5 million.</summary>
    public long? LocalStorageQuota { get; set; }

    /// <summary>IndexedDB quota in stored bytes; null for none.</summary>
    public long? IndexedDbQuota { get; set; }

    /// <summary>Number of IndexedDB write transactions so far (tests check batching with it).</summary>
    public int IndexedDbTransactions { get; private set; }

    /// <summary>Number of IndexedDB write transactions on one object store so far (any user's database).</summary>
    public int TransactionsOn(string store)
    {
        lock (Gate)
        {
            return _transactionsByStore.TryGetValue(store, out var count) ? count : 0;
        }
    }

    /// <summary>Number of localStorage write batches so far.</summary>
    public int LocalStorageBatches { get; private set; }

    /// <summary>
    /// Number of IndexedDB read calls so far (a get, a batched get, a query): each is one
    /// transaction in a browser, so tests check with it that a batch reads a layer once, not once per key.
    /// </summary>
    public int IndexedDbReads { get; private set; }

    /// <summary>Number of Web Storage read calls so far (one item or a batch of items, either area).</summary>
    public int WebStorageReads { get; private set; }

    /// <summary>The network state every tab sees.</summary>
    public bool IsOnline
    {
        get => _online;
        set
        {
            List<InMemoryBrowserStorage> tabs;
            lock (Gate)
            {
                if (_online == value)
                {
                    return;
                }

                _online = value;
                tabs = _tabs.ToList();
            }

            foreach (var tab in tabs)
            {
                tab.Raise(value ? BrowserEvent.Online : BrowserEvent.Offline);
            }
        }
    }

    /// <summary>Opens a tab: its own sessionStorage and instance id, this origin's shared storage.</summary>
    public InMemoryBrowserStorage OpenTab(string? instanceId = null)
    {
        var tab = new InMemoryBrowserStorage(this, instanceId ?? $"tab-{Guid.NewGuid():N}"[..12]);
        lock (Gate)
        {
            _tabs.Add(tab);
        }

        return tab;
    }

    /// <summary>Closes a tab: it stops hearing broadcasts. Its sessionStorage is gone with it.</summary>
    public void CloseTab(InMemoryBrowserStorage tab)
    {
        lock (Gate)
        {
            _tabs.Remove(tab);
        }
    }

    /// <summary>The names of the databases opened so far.</summary>
    public IReadOnlyList<string> Databases
    {
        get
        {
            lock (Gate)
            {
                return _schemas.Keys.Select(k => k.Split('/')[0]).Distinct().OrderBy(d => d, StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>The records of an IndexedDB store, in key order (a copy).</summary>
    public IReadOnlyList<IndexedDbRecord> Records(string database, string store)
    {
        lock (Gate)
        {
            return _stores.TryGetValue(Path(database, store), out var records) ? records.Values.OrderBy(r => r.Key).ToList() : [];
        }
    }

    /// <summary>Puts a record straight into IndexedDB, bypassing OvasabiState (to plant test data).</summary>
    public void PlantRecord(string database, string store, IndexedDbRecord record)
    {
        lock (Gate)
        {
            Store(database, store)[record.Key] = record;
        }
    }

    internal void Broadcast(InMemoryBrowserStorage sender, CrossTabMessage message)
    {
        List<InMemoryBrowserStorage> others;
        lock (Gate)
        {
            others = _tabs.Where(t => !ReferenceEquals(t, sender)).ToList();
        }

        foreach (var tab in others)
        {
            tab.Deliver(message);
        }
    }

    internal bool OpenDatabase(string database, IReadOnlyList<StoreSchema> stores)
    {
        lock (Gate)
        {
            ThrowIfIndexedDbUnavailable();
            var upgraded = false;
            foreach (var schema in stores)
            {
                var path = Path(database, schema.Name);
                upgraded |= !_schemas.TryGetValue(path, out var known) || known.Hash != schema.Hash;
                _schemas[path] = schema;
                Store(database, schema.Name);
            }

            return upgraded;
        }
    }

    internal IndexedDbRecord? GetRecord(string database, string store, IndexKey key)
    {
        lock (Gate)
        {
            ThrowIfIndexedDbUnavailable();
            IndexedDbReads++;
            return Store(database, store).TryGetValue(key, out var record) ? record : null;
        }
    }

    internal IndexedDbRead GetRecords(string database, string store, IReadOnlyList<IndexKey> keys)
    {
        lock (Gate)
        {
            ThrowIfIndexedDbUnavailable();
            IndexedDbReads++;
            var records = Store(database, store);
            var found = keys.Distinct().Select(k => records.TryGetValue(k, out var record) ? record : null).OfType<IndexedDbRecord>().ToList();
            return new IndexedDbRead(found, Counter(database, store));
        }
    }

    /// <summary>The write counter of a store: bumped by every transaction that writes it.</summary>
    public long Counter(string database, string store)
    {
        lock (Gate)
        {
            return _counters.TryGetValue(Path(database, store), out var counter) ? counter : 0;
        }
    }

    internal IndexedDbMutationResult MutateRecords(string database, string store, IReadOnlyList<IndexedDbMutation> mutations)
    {
        lock (Gate)
        {
            ThrowIfIndexedDbUnavailable();
            var records = Store(database, store);
            var counter = Counter(database, store);
            var conflicts = new List<IndexedDbConflict>();
            var apply = new List<IndexedDbMutation>();
            foreach (var mutation in mutations)
            {
                var stored = records.TryGetValue(mutation.Key, out var record) ? record : null;
                if (mutation.Expected == ExpectedVersion.Any || stored?.Version == mutation.Expected)
                {
                    apply.Add(mutation);
                }
                else if (mutation.SeenCounter == counter)
                {
                    // The browser skips the read here and writes: a caller claiming an unchanged
                    // counter with a stale expectation would overwrite blindly. Fail loudly instead.
                    throw new InvalidOperationException(
                        $"compare-and-set of {mutation.Key} in {store} trusted counter {counter} but expected '{mutation.Expected}' where '{stored?.Version}' is stored");
                }
                else
                {
                    conflicts.Add(new IndexedDbConflict(mutation.Key, stored?.Value, stored?.Version));
                }
            }

            if (apply.Count == 0)
            {
                return new IndexedDbMutationResult(counter, conflicts);
            }

            if (IndexedDbQuota is { } quota)
            {
                var after = _stores.Values.Sum(s => s.Values.Sum(r => (long)r.Value.Length))
                    + apply.Sum(m => (long)(m.Value?.Length ?? 0))
                    - apply.Sum(m => records.TryGetValue(m.Key, out var old) ? (long)old.Value.Length : 0);
                if (after > quota)
                {
                    // A transaction is atomic: nothing of it is applied.
                    throw new StorageException(StateLayer.IndexedDb, StorageFailure.QuotaExceeded, $"the transaction needs {after} bytes; the quota is {quota}");
                }
            }

            IndexedDbTransactions++;
            _transactionsByStore[store] = (_transactionsByStore.TryGetValue(store, out var onStore) ? onStore : 0) + 1;
            foreach (var mutation in apply)
            {
                if (mutation.Value is null)
                {
                    records.Remove(mutation.Key);
                }
                else
                {
                    records[mutation.Key] = new IndexedDbRecord(mutation.Key, mutation.Value, mutation.IndexValues) { Version = mutation.Version ?? string.Empty };
                }
            }

            _counters[Path(database, store)] = ++counter;
            return new IndexedDbMutationResult(counter, conflicts);
        }
    }

    internal static WebStorageMutationResult MutateItems(Dictionary<string, string> items, IReadOnlyList<WebStorageMutation> mutations, long? quota, StateLayer layer)
    {
        var conflicts = new List<WebStorageConflict>();
        var refused = new List<WebStorageRefusal>();
        foreach (var mutation in mutations)
        {
            var stored = items.TryGetValue(mutation.Key, out var text) ? text : null;
            if (mutation.Expected != ExpectedVersion.Any && VersionedText.TokenOf(stored) != mutation.Expected)
            {
                conflicts.Add(new WebStorageConflict(mutation.Key, stored));
                continue;
            }

            if (mutation.Value is null)
            {
                items.Remove(mutation.Key);
                continue;
            }

            try
            {
                WriteItems(items, [new KeyValuePair<string, string>(mutation.Key, mutation.Value)], [], quota, layer);
            }
            catch (StorageException exception)
            {
                refused.Add(new WebStorageRefusal(mutation.Key, exception));
            }
        }

        return new WebStorageMutationResult(conflicts, refused);
    }

    internal WebStorageMutationResult MutateLocal(IReadOnlyList<WebStorageMutation> mutations)
    {
        lock (Gate)
        {
            if (LocalStorageUnavailable)
            {
                throw new StorageException(StateLayer.Local, StorageFailure.Unavailable, "localStorage is not available");
            }

            LocalStorageBatches++;
            return MutateItems(LocalStorage, mutations, LocalStorageQuota, StateLayer.Local);
        }
    }

    /// <summary>The instance ids of the open tabs.</summary>
    public IReadOnlyCollection<string> LiveTabs
    {
        get
        {
            lock (Gate)
            {
                return _tabs.Select(t => t.InstanceId).ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    internal void CountWebStorageRead() => WebStorageReads++;

    internal void WriteRecords(string database, string store, IReadOnlyList<IndexedDbRecord> put, IReadOnlyList<IndexKey> delete)
    {
        lock (Gate)
        {
            ThrowIfIndexedDbUnavailable();
            var records = Store(database, store);
            if (IndexedDbQuota is { } quota)
            {
                var after = _stores.Values.Sum(s => s.Values.Sum(r => (long)r.Value.Length))
                    + put.Sum(r => (long)r.Value.Length)
                    - put.Concat(delete.Select(k => new IndexedDbRecord(k, [], new Dictionary<string, IndexKey>())))
                        .Sum(r => records.TryGetValue(r.Key, out var old) ? (long)old.Value.Length : 0);
                if (after > quota)
                {
                    // A transaction is atomic: nothing of it is applied.
                    throw new StorageException(StateLayer.IndexedDb, StorageFailure.QuotaExceeded, $"the transaction needs {after} bytes; the quota is {quota}");
                }
            }

            IndexedDbTransactions++;
            _transactionsByStore[store] = (_transactionsByStore.TryGetValue(store, out var onStore) ? onStore : 0) + 1;
            foreach (var key in delete)
            {
                records.Remove(key);
            }

            foreach (var record in put)
            {
                records[record.Key] = record;
            }
        }
    }

    internal IndexedDbRead Query(string database, string store, string? index, KeyRange range) =>
        new(QueryRecords(database, store, index, range), Counter(database, store));

    private List<IndexedDbRecord> QueryRecords(string database, string store, string? index, KeyRange range)
    {
        lock (Gate)
        {
            ThrowIfIndexedDbUnavailable();
            IndexedDbReads++;
            var records = Store(database, store).Values;
            if (index is null)
            {
                return records.Where(r => range.Contains(r.Key)).OrderBy(r => r.Key).ToList();
            }

            var multiEntry = _schemas.TryGetValue(Path(database, store), out var schema) && schema.Indexes.Any(i => i.Name == index && i.MultiEntry);
            var matches = new List<(IndexKey Value, IndexedDbRecord Record)>();
            foreach (var record in records)
            {
                if (!record.IndexValues.TryGetValue(index, out var value) || value.Kind == IndexKeyKind.None)
                {
                    continue;
                }

                // Multi-entry: each element is its own index entry (a record may match more than once).
                var entries = multiEntry && value.Kind == IndexKeyKind.Array ? value.Items.Distinct() : [value];
                matches.AddRange(entries.Where(range.Contains).Select(e => (e, record)));
            }

            return matches.OrderBy(m => m.Value).ThenBy(m => m.Record.Key).Select(m => m.Record).ToList();
        }
    }

    internal void WriteLocal(IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> remove)
    {
        lock (Gate)
        {
            if (LocalStorageUnavailable)
            {
                throw new StorageException(StateLayer.Local, StorageFailure.Unavailable, "localStorage is not available");
            }

            LocalStorageBatches++;
            WriteItems(LocalStorage, set, remove, LocalStorageQuota, StateLayer.Local);
        }
    }

    /// <summary>Applies items one by one, as setItem does: a quota error leaves earlier items written.</summary>
    internal static void WriteItems(Dictionary<string, string> items, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> remove, long? quota, StateLayer layer)
    {
        foreach (var key in remove)
        {
            items.Remove(key);
        }

        foreach (var pair in set)
        {
            if (quota is { } limit)
            {
                var used = items.Sum(p => (long)p.Key.Length + p.Value.Length);
                var old = items.TryGetValue(pair.Key, out var previous) ? pair.Key.Length + previous.Length : 0;
                if (used - old + pair.Key.Length + pair.Value.Length > limit)
                {
                    throw new StorageException(layer, StorageFailure.QuotaExceeded, $"setting '{pair.Key}' exceeds the quota of {limit} characters");
                }
            }

            items[pair.Key] = pair.Value;
        }
    }

    private static string Path(string database, string store) => database + "/" + store;

    private Dictionary<IndexKey, IndexedDbRecord> Store(string database, string store)
    {
        var path = Path(database, store);
        if (!_stores.TryGetValue(path, out var records))
        {
            records = new Dictionary<IndexKey, IndexedDbRecord>();
            _stores[path] = records;
        }

        return records;
    }

    private void ThrowIfIndexedDbUnavailable()
    {
        if (IndexedDbUnavailable)
        {
            throw new StorageException(StateLayer.IndexedDb, StorageFailure.Unavailable, "IndexedDB is not available");
        }
    }
}
