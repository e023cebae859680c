using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Identity;
using OvasabiState.Storage;
using OvasabiState.Stores;

namespace OvasabiState.Sync;

/// <summary>
/// The cross-layer sync manager: opens the layers for the current user, hands out the typed
/// stores, flushes them by their sync mode (and on page hide), hears other tabs, takes over the
/// pending writes of closed tabs, runs retention, keeps the conflict log, and reports status.
/// Users are in <c>StateSyncManager.Users.cs</c>, maintenance and status in
/// <c>StateSyncManager.Status.cs</c>, the inspection tools in <c>StateSyncManager.Inspection.cs</c>.
/// </summary>
public sealed partial class StateSyncManager : IAsyncDisposable, IDisposable
{
    private readonly StateRuntime _runtime;
    private readonly Dictionary<Type, IStoreController> _stores = new();
    private readonly Dictionary<string, IStoreController> _storesByName = new(StringComparer.Ordinal);
    private readonly StateStore<ConflictRecord> _conflicts;
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private readonly RetentionClock _retentionClock;
    private bool _initialized;
    private bool _disposed;

    /// <summary>Creates the manager; call <see cref="InitializeAsync"/> before use.</summary>
    public StateSyncManager(OvasabiStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storage = options.Storage ?? throw new ArgumentException("OvasabiStateOptions.Storage is not set: give the browser storage (or an InMemoryBrowser tab in tests).", nameof(options));
        _runtime = new StateRuntime(options, storage);
        _runtime.Outbox = new DurableOutbox(_runtime);
        _retentionClock = new RetentionClock(_runtime);
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
        _runtime.FlushConflictLog = _conflicts.FlushAndKeepBeyondTabAsync;
        _runtime.ProbeLayers = ProbeLayersAsync;
    }

    /// <summary>Raised when a layer fails (the data stays in the other layers and pending writes are retried).</summary>
    public event EventHandler<StateError>? ErrorOccurred;

    /// <summary>Raised for every conflict detected and resolved (once per pair of copies: the same pair met again is not raised again).</summary>
    public event EventHandler<ConflictRecord>? ConflictDetected;

    /// <summary>Raised when online/offline changes, after flushes and after maintenance.</summary>
    public event EventHandler? StatusChanged;

    /// <summary>Raised when any record of any store changes.</summary>
    public event EventHandler<StoreChange>? StateChanged;

    /// <summary>The anonymous user whose data the stores show.</summary>
    public UserIdentity Identity { get; }

    /// <summary>Raised when a version of a record became durable in this tab (a layer or the outbox took it): the simulator's bookkeeping.</summary>
    internal event Action<string, IndexKey, Versions.StateVersion>? Durable
    {
        add => _runtime.Durable += value;
        remove => _runtime.Durable -= value;
    }

    /// <summary>True while some store holds a write some layer has not taken (a snapshot, for tests).</summary>
    internal bool HasPendingWrites => _stores.Values.Any(s => s.Binding.Layers.Where(l => l != StateLayer.Memory).Any(l => s.PendingCount(l) > 0));

    /// <summary>What is pending, store by store (diagnostics for tests).</summary>
    internal string DescribePending() => string.Join("; ", _stores.Values.Select(s => s.DescribePending()).Where(d => d.Length > 0));

    /// <summary>The layered types managed, the conflict log included.</summary>
    public IReadOnlyList<IStateBinding> Bindings => _stores.Values.Select(s => s.Binding).ToList();

    /// <summary>
    /// Opens everything for the current user: probes sessionStorage and localStorage, opens (or
    /// upgrades) the user's IndexedDB database from the generated schemas, takes over the pending
    /// writes closed tabs left in the outbox, starts periodic sync and maintenance, and deletes
    /// expired records. A layer that is unavailable is shown in the status and skipped; the app
    /// keeps running from the others (memory at least).
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
        var options = _runtime.Options;
        _runtime.Background.Every(options.PeriodicSyncInterval, FlushPeriodicAsync);
        _runtime.Background.Every(options.MaintenanceInterval, () => RunMaintenanceCoreAsync(scanTombstones: true, CancellationToken.None));
        Volatile.Write(ref _initialized, true);
        await TakeOverClosedTabsAsync().ConfigureAwait(false);
        await RunMaintenanceCoreAsync(scanTombstones: false, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Flushes pending writes (best effort: a failing layer keeps its error in the events, and
    /// what stays pending is in the durable outbox), stops every timer, and waits for background
    /// work in flight.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _initialized) && !_disposed)
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

        Unhook();
        await _runtime.Background.StopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops every timer and hears nothing more, without flushing (a DI container's synchronous
    /// dispose); background work already running finishes on its own. Prefer
    /// <see cref="DisposeAsync"/>, or flush first: writes still pending are in the durable outbox,
    /// where the next tab takes them over, or, without IndexedDB, lost with the page.
    /// </summary>
    public void Dispose()
    {
        Unhook();
        _ = _runtime.Background.StopAsync();
    }

    private void Unhook()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _runtime.Storage.EnvironmentChanged -= OnEnvironmentChanged;
        _runtime.Storage.MessageReceived -= OnMessageReceived;
        Identity.UserChanged -= OnUserChanged;
        Identity.Dispose();
    }

    private async ValueTask LogConflictAsync(ConflictRecord conflict)
    {
        // The conflict log is itself a store; logging a conflict of the log would recurse.
        if (conflict.Store == _conflicts.Binding.Schema.Name)
        {
            return;
        }

        // One entry per pair of copies: a pair met again (here, or decided by another tab first)
        // is not logged again, so tabs never rewrite each other's entry of one conflict.
        if (await _conflicts.FindAsync(conflict.Id).ConfigureAwait(false) is not null)
        {
            return;
        }

        await _conflicts.SetAsync(conflict).ConfigureAwait(false);
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
            _runtime.Background.Run(() => FlushAsync());
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

        _runtime.Background.Run(() => store.OnRemoteChangeAsync(message));
    }
}
