using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Identity;
using OvasabiState.Layers;
using OvasabiState.Serialization;
using OvasabiState.Storage;
using OvasabiState.Stores;

namespace OvasabiState.Sync;

/// <summary>
/// The cross-layer sync manager: opens the layers for the current user, hands out the typed
/// stores, flushes them by their sync mode (and on page hide), hears other tabs, runs
/// retention, keeps the conflict log, and reports status.
/// </summary>
public sealed partial class StateSyncManager : IAsyncDisposable, IDisposable
{
    private readonly StateRuntime _runtime;
    private readonly Dictionary<Type, IStoreController> _stores = new();
    private readonly Dictionary<string, IStoreController> _storesByName = new(StringComparer.Ordinal);
    private readonly StateStore<ConflictRecord> _conflicts;
    private readonly object _statusGate = new();
    private ITimer? _periodicTimer;
    private ITimer? _maintenanceTimer;
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private int _retentionRemoved;
    private DateTimeOffset? _lastRetentionRun;
    private bool _initialized;
    private bool _switchingUser;

    /// <summary>Creates the manager; call <see cref="InitializeAsync"/> before use.</summary>
    public StateSyncManager(OvasabiStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storage = options.Storage ?? throw new ArgumentException("OvasabiStateOptions.Storage is not set: give the browser storage (or an InMemoryBrowser tab in tests).", nameof(options));
        _runtime = new StateRuntime(options, storage);
        Identity = new UserIdentity(storage);
        var bindings = (options.Bindings ?? StateBindingRegistry.All).ToList();
        if (!bindings.Contains(ConflictRecord.OvasabiStateBinding.Instance))
        {
            bindings.Add(ConflictRecord.OvasabiStateBinding.Instance);
        }

        foreach (var binding in bindings)
        {
            var store = ((IStoreFactory)binding).CreateStore(_runtime);
            _stores[binding.StateType] = store;
            _storesByName[binding.Schema.Name] = store;
        }

        _conflicts = (StateStore<ConflictRecord>)_stores[typeof(ConflictRecord)];
        _runtime.Error += error => ErrorOccurred?.Invoke(this, error);
        _runtime.ConflictSink = LogConflictAsync;
    }

    /// <summary>Raised when a layer fails (the data stays in the other layers).</summary>
    public event EventHandler<StateError>? ErrorOccurred;

    /// <summary>Raised for every conflict detected and resolved.</summary>
    public event EventHandler<ConflictRecord>? ConflictDetected;

    /// <summary>Raised when online/offline changes, after flushes and after maintenance.</summary>
    public event EventHandler? StatusChanged;

    /// <summary>Raised when any record of any store changes.</summary>
    public event EventHandler<StoreChange>? StateChanged;

    /// <summary>The anonymous user whose data the stores show.</summary>
    public UserIdentity Identity { get; }

    /// <summary>The layered types managed, the conflict log included.</summary>
    public IReadOnlyList<IStateBinding> Bindings => _stores.Values.Select(s => s.Binding).ToList();

    /// <summary>
    /// Opens everything for the current user: probes sessionStorage and localStorage, opens (or
    /// upgrades) the user's IndexedDB database from the generated schemas, starts periodic sync
    /// and maintenance, and deletes expired records. A layer that is unavailable is shown in the
    /// status and skipped; the app keeps running from the others (memory at least).
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _initialized))
        {
            return;
        }

        await _initializeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await InitializeCoreAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    /// <summary>
    /// Switches to another anonymous user profile of this device: pending writes of the current
    /// user are flushed first, then every store shows the new user's data only.
    /// </summary>
    public async Task SwitchUserAsync(string profile, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        _switchingUser = true;
        try
        {
            await Identity.SwitchUserAsync(profile, cancellationToken).ConfigureAwait(false);
            await ReopenForUserAsync().ConfigureAwait(false);
        }
        finally
        {
            _switchingUser = false;
        }
    }

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
    {
        await Identity.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await OpenLayersAsync(cancellationToken).ConfigureAwait(false);
        foreach (var store in _stores.Values)
        {
            if (store is IStateStoreEvents events)
            {
                events.AnyChanged += change => StateChanged?.Invoke(this, change);
            }
        }

        _runtime.Storage.EnvironmentChanged += OnEnvironmentChanged;
        _runtime.Storage.MessageReceived += OnMessageReceived;
        Identity.UserChanged += OnUserChanged;
        var time = _runtime.Time;
        _periodicTimer = time.CreateTimer(_ => _ = RunInBackgroundAsync(FlushPeriodicAsync), null, _runtime.Options.PeriodicSyncInterval, _runtime.Options.PeriodicSyncInterval);
        _maintenanceTimer = time.CreateTimer(_ => _ = RunInBackgroundAsync(() => RunMaintenanceAsync()), null, _runtime.Options.MaintenanceInterval, _runtime.Options.MaintenanceInterval);
        Volatile.Write(ref _initialized, true);
        await RunMaintenanceAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The store of <typeparamref name="T"/>.</summary>
    public IStateStore<T> Store<T>()
        where T : ILayered<T> => StoreOf<T>();

    /// <summary>The store of <typeparamref name="T"/> (registered types only; DI resolves it this way).</summary>
    internal IStateStore<T> StoreOf<T>() =>
        _stores.TryGetValue(typeof(T), out var store)
            ? (IStateStore<T>)store
            : throw new InvalidOperationException($"{typeof(T).FullName} is not a layered type known to OvasabiState: mark it [Layered], or list its binding in OvasabiStateOptions.Bindings.");

    /// <summary>Writes <paramref name="value"/> and flushes it to every layer now (the seed's syncComputeState).</summary>
    public async Task SyncAsync<T>(T value, CancellationToken cancellationToken = default)
        where T : ILayered<T>
    {
        var store = Store<T>();
        await store.SetAsync(value, cancellationToken).ConfigureAwait(false);
        await store.FlushAsync(cancellationToken).ConfigureAwait(false);
        StatusChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Flushes every store's pending writes (what page hide does).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        foreach (var store in _stores.Values)
        {
            await store.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        StatusChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Every logged conflict, newest first.</summary>
    public async Task<IReadOnlyList<ConflictRecord>> GetConflictsAsync(CancellationToken cancellationToken = default) =>
        (await _conflicts.ListAsync(cancellationToken).ConfigureAwait(false)).OrderByDescending(c => c.DetectedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();

    /// <summary>Empties the conflict log (in every layer).</summary>
    public async Task ClearConflictsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var conflict in await _conflicts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            await _conflicts.DeleteAsync(conflict.Id, cancellationToken).ConfigureAwait(false);
        }

        await _conflicts.FlushAsync(cancellationToken).ConfigureAwait(false);
        StatusChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Deletes expired records of every type with a retention; returns how many.</summary>
    public async Task<int> RunMaintenanceAsync(CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var store in _stores.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            removed += await store.PurgeExpiredAsync(_runtime.Now).ConfigureAwait(false);
        }

        lock (_statusGate)
        {
            _retentionRemoved += removed;
            _lastRetentionRun = _runtime.Now;
        }

        StatusChanged?.Invoke(this, EventArgs.Empty);
        return removed;
    }

    /// <summary>Per-layer availability, entries, bytes, last sync and pending writes; online state; conflicts; retention.</summary>
    public async Task<SyncStatus> GetSyncStatusAsync(CancellationToken cancellationToken = default)
    {
        var layers = new List<LayerStatus>
        {
            new(StateLayer.Memory, true, _stores.Values.Sum(s => s.MemoryCount), 0, null, 0, null, null),
        };
        foreach (var layer in new[] { StateLayer.IndexedDb, StateLayer.Local, StateLayer.Session })
        {
            var health = _runtime.Health[layer].Snapshot();
            int entries = 0;
            long bytes = 0;
            if (health.Available)
            {
                foreach (var store in _stores.Values.Where(s => s.Binding.Layers.Contains(layer)))
                {
                    try
                    {
                        var unreadable = (IndexKey? key, Exception exception) => _runtime.Report(layer, exception, store.Binding.Schema.Name, key);
                        var stored = await _runtime.Layers[layer].ReadAllAsync(store.Binding, _runtime.Scope, unreadable).ConfigureAwait(false);
                        entries += stored.Count;
                        bytes += stored.Sum(e => layer == StateLayer.IndexedDb ? e.Bytes.Length : (e.Bytes.Length + 2) / 3 * 4);
                    }
                    catch (Exception exception) when (exception is StorageException or StateFormatException)
                    {
                        _runtime.Report(layer, exception, store.Binding.Schema.Name, null);
                        health = _runtime.Health[layer].Snapshot();
                    }
                }
            }

            layers.Add(new LayerStatus(layer, health.Available, entries, bytes, health.LastSync,
                _stores.Values.Sum(s => s.PendingCount(layer)), health.Failure, health.Error));
        }

        var conflicts = (await _conflicts.ListAsync(cancellationToken).ConfigureAwait(false)).Count;
        lock (_statusGate)
        {
            return new SyncStatus(Identity.UserId, _runtime.Storage.IsOnline, layers, conflicts, _retentionRemoved, _lastRetentionRun);
        }
    }

    /// <summary>Flushes pending writes (best effort: a failing layer keeps its error in the events), then releases timers and stores.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _initialized))
        {
            try
            {
                await FlushAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                _runtime.Report(StateLayer.Memory, exception, "*", null);
            }
        }

        Dispose();
    }

    /// <summary>
    /// Releases timers and stores without flushing (a DI container's synchronous dispose); prefer
    /// <see cref="DisposeAsync"/>, or flush first, so no pending write is left behind.
    /// </summary>
    public void Dispose()
    {
        _runtime.Storage.EnvironmentChanged -= OnEnvironmentChanged;
        _runtime.Storage.MessageReceived -= OnMessageReceived;
        Identity.UserChanged -= OnUserChanged;
        _periodicTimer?.Dispose();
        _maintenanceTimer?.Dispose();

        foreach (var store in _stores.Values.OfType<IDisposable>())
        {
            store.Dispose();
        }

        Identity.Dispose();
        _initializeGate.Dispose();
    }

    private async Task OpenLayersAsync(CancellationToken cancellationToken)
    {
        _runtime.Scope = new StoreScope(Identity.UserId);
        foreach (var (layer, area) in new[] { (StateLayer.Session, WebStorageArea.Session), (StateLayer.Local, WebStorageArea.Local) })
        {
            bool available;
            try
            {
                available = await _runtime.Storage.IsAvailableAsync(area, cancellationToken).ConfigureAwait(false);
                if (!available)
                {
                    // A refusal without an exception is still a failure the app should hear of, as for IndexedDB.
                    _runtime.Report(layer, new StorageException(layer, StorageFailure.Unavailable, $"{area}Storage is not available (private mode or blocked); running from the other layers"), "*", null);
                }
            }
            catch (StorageException exception)
            {
                _runtime.Report(layer, exception, "*", null);
                available = false;
            }

            _runtime.Health[layer].SetAvailable(available);
        }

        try
        {
            var schemas = _stores.Values.Where(s => s.Binding.Layers.Contains(StateLayer.IndexedDb)).Select(s => s.Binding.Schema).ToList();
            var upgraded = await _runtime.Storage.OpenDatabaseAsync(_runtime.Scope.Database, schemas, cancellationToken).ConfigureAwait(false);
            _runtime.IndexedDb.Opened = true;
            _runtime.Health[StateLayer.IndexedDb].SetAvailable(true);
            if (upgraded)
            {
                // IndexedDB indexes only see properties a stored object has: records written
                // before an index existed are rewritten with their index values.
                foreach (var store in _stores.Values.Where(s => s.Binding.Layers.Contains(StateLayer.IndexedDb) && s.Binding.Schema.Indexes.Count > 0))
                {
                    await store.ReindexAsync().ConfigureAwait(false);
                }
            }
        }
        catch (StorageException exception)
        {
            _runtime.IndexedDb.Opened = false;
            _runtime.Report(StateLayer.IndexedDb, exception, "*", null);
            _runtime.Health[StateLayer.IndexedDb].SetAvailable(false);
        }
    }

    private async ValueTask LogConflictAsync(ConflictRecord conflict)
    {
        // The conflict log is itself a store; logging a conflict of the log would recurse.
        if (conflict.Store != _conflicts.Binding.Schema.Name)
        {
            await _conflicts.SetAsync(conflict).ConfigureAwait(false);
        }

        ConflictDetected?.Invoke(this, conflict);
    }

    private async Task FlushPeriodicAsync()
    {
        foreach (var store in _stores.Values.Where(s => s.Binding.Sync == SyncMode.Periodic))
        {
            await store.FlushAsync().ConfigureAwait(false);
        }

        StatusChanged?.Invoke(this, EventArgs.Empty);
    }

    private void OnEnvironmentChanged(object? sender, BrowserEvent browserEvent)
    {
        if (browserEvent == BrowserEvent.PageHide)
        {
            _ = RunInBackgroundAsync(() => FlushAsync());
            return;
        }

        StatusChanged?.Invoke(this, EventArgs.Empty);
    }

    private void OnMessageReceived(object? sender, CrossTabMessage message)
    {
        var separator = message.Store.IndexOf('/', StringComparison.Ordinal);
        if (separator < 0 || message.Store[..separator] != _runtime.Scope.UserId ||
            !_storesByName.TryGetValue(message.Store[(separator + 1)..], out var store))
        {
            return; // Another user's change, or a store this app does not know.
        }

        _ = RunInBackgroundAsync(() => store.OnRemoteChangeAsync(message));
    }

    private void OnUserChanged(object? sender, UserChangedEventArgs e)
    {
        // SwitchUserAsync reopens itself; this covers switches made directly on Identity.
        if (!_switchingUser)
        {
            _ = RunInBackgroundAsync(ReopenForUserAsync);
        }
    }

    private async Task ReopenForUserAsync()
    {
        foreach (var store in _stores.Values)
        {
            await store.ResetAsync().ConfigureAwait(false);
        }

        await OpenLayersAsync(CancellationToken.None).ConfigureAwait(false);
        StatusChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Runs background work (timers, events); a failure goes to the status, never to the app's thread.</summary>
    private async Task RunInBackgroundAsync(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _runtime.Report(StateLayer.Memory, exception, "*", null);
        }
    }
}
