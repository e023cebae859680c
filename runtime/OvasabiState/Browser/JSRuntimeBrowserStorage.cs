using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.JSInterop;
using OvasabiState.Storage;

namespace OvasabiState.Browser;

/// <summary>
/// The portable implementation of <see cref="IBrowserStorage"/>: the same ES module as
/// <see cref="JSBrowserStorage"/> (<c>_content/OvasabiState/ovasabi-state.js</c>), called only
/// through <see cref="IJSRuntime"/>, so it runs wherever Blazor's JavaScript interop does
/// (WebAssembly, and Blazor Server and Auto where the runtime lives on the server).
/// Page events and other tabs' messages come back through a <see cref="DotNetObjectReference{TValue}"/>.
/// Register it with <c>services.AddOvasabiJSRuntimeStorage()</c> (WebAssembly), or per circuit with
/// <c>services.AddOvasabiStateForServer()</c> (Blazor Server).
/// </summary>
/// <remarks>
/// Each call is an asynchronous interop round trip (JSON arguments, byte arrays as
/// <c>Uint8Array</c>), dearer than <c>[JSImport]</c>; see the README for the measured cost.
/// The module is imported on first use, or ahead of time with <see cref="ImportAsync"/>.
/// </remarks>
public sealed class JSRuntimeBrowserStorage : IBrowserStorage, IAsyncDisposable
{
    /// <summary>The module's URL relative to the document's base, as the <c>import</c> identifier takes it.</summary>
    public const string ModuleUrl = "./_content/OvasabiState/ovasabi-state.js";

    private readonly IJSRuntime _js;
    private readonly object _gate = new();
    private Task<IJSObjectReference>? _module;
    private DotNetObjectReference<JSRuntimeEventReceiver>? _receiver;
    private int _subscription;
    private volatile bool _online = true;
    private bool _disposed;

    /// <summary>Creates the storage for this tab (or circuit) over <paramref name="jsRuntime"/>.</summary>
    public JSRuntimeBrowserStorage(IJSRuntime jsRuntime)
    {
        ArgumentNullException.ThrowIfNull(jsRuntime);
        _js = jsRuntime;
        InstanceId = $"tab-{Guid.NewGuid():N}"[..12];
    }

    /// <inheritdoc />
    public event EventHandler<BrowserEvent>? EnvironmentChanged;

    /// <inheritdoc />
    public event EventHandler<CrossTabMessage>? MessageReceived;

    /// <inheritdoc />
    public string InstanceId { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Read once when the module is imported, then kept up to date by the page's online and
    /// offline events (a synchronous call into JavaScript is not possible in Blazor Server).
    /// True until the module is imported.
    /// </remarks>
    public bool IsOnline => _online;

    /// <summary>
    /// Imports the module and subscribes to the page's events; later calls return the same task.
    /// Call it at start-up to pay for the import there instead of on the first storage call.
    /// </summary>
    public Task ImportAsync() => ModuleAsync();

    /// <inheritdoc />
    public async ValueTask<bool> IsAvailableAsync(WebStorageArea area, CancellationToken cancellationToken = default)
    {
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await module.InvokeAsync<bool>("isStorageAvailable", cancellationToken, (int)area).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw Map(BrowserErrors.Layer(area), exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<string?> GetItemAsync(WebStorageArea area, string key, CancellationToken cancellationToken = default)
    {
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await module.InvokeAsync<string?>("getItem", cancellationToken, (int)area, key).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw Map(BrowserErrors.Layer(area), exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string?>> GetItemsAsync(WebStorageArea area, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            return [];
        }

        try
        {
            return await module.InvokeAsync<string?[]>("getItems", cancellationToken, (int)area, keys).ConfigureAwait(false) ?? new string?[keys.Count];
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw Map(BrowserErrors.Layer(area), exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteItemsAsync(WebStorageArea area, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> remove, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(remove);
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var keys = new string[set.Count];
        var values = new string[set.Count];
        for (var i = 0; i < set.Count; i++)
        {
            (keys[i], values[i]) = (set[i].Key, set[i].Value);
        }

        var removed = new string[remove.Count];
        for (var i = 0; i < remove.Count; i++)
        {
            removed[i] = remove[i];
        }

        try
        {
            await module.InvokeVoidAsync("writeItems", cancellationToken, (int)area, keys, values, removed).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw Map(BrowserErrors.Layer(area), exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> GetKeysAsync(WebStorageArea area, string prefix, CancellationToken cancellationToken = default)
    {
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await module.InvokeAsync<string[]>("getKeys", cancellationToken, (int)area, prefix).ConfigureAwait(false) ?? [];
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw Map(BrowserErrors.Layer(area), exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> OpenDatabaseAsync(string database, IReadOnlyList<StoreSchema> stores, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stores);
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await module.InvokeAsync<bool>("openDatabase", cancellationToken, database, BrowserJson.Schemas(stores)).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw Map(StateLayer.IndexedDb, exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IndexedDbRecord?> GetRecordAsync(string database, string store, IndexKey key, CancellationToken cancellationToken = default)
    {
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var records = (await ReadAsync(module, "getRecordFramed", [database, store, BrowserJson.Key(key)], cancellationToken).ConfigureAwait(false)).Records;
        return records.Count == 0 ? null : records[0];
    }

    /// <inheritdoc />
    public async ValueTask<IndexedDbRead> GetRecordsAsync(string database, string store, IReadOnlyList<IndexKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return keys.Count == 0
            ? new IndexedDbRead([], IndexedDbRead.UnknownCounter)
            : (await ReadAsync(module, "getRecordsFramed", [database, store, BrowserJson.Keys(keys)], cancellationToken).ConfigureAwait(false)).AsRead();
    }

    /// <inheritdoc />
    public async ValueTask WriteRecordsAsync(string database, string store, IReadOnlyList<IndexedDbRecord> put, IReadOnlyList<IndexKey> delete, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(put);
        ArgumentNullException.ThrowIfNull(delete);
        var mutations = new List<IndexedDbMutation>(put.Count + delete.Count);
        foreach (var key in delete)
        {
            mutations.Add(new IndexedDbMutation(key, null, new Dictionary<string, IndexKey>(), null, ExpectedVersion.Any, IndexedDbRead.UnknownCounter));
        }

        foreach (var record in put)
        {
            mutations.Add(new IndexedDbMutation(record.Key, record.Value, record.IndexValues, record.Version, ExpectedVersion.Any, IndexedDbRead.UnknownCounter));
        }

        await MutateRecordsAsync(database, store, mutations, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IndexedDbMutationResult> MutateRecordsAsync(string database, string store, IReadOnlyList<IndexedDbMutation> mutations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mutations);
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        if (mutations.Count == 0)
        {
            return new IndexedDbMutationResult(IndexedDbRead.UnknownCounter, []);
        }

        // The values travel as one byte[] (a Uint8Array in JavaScript), not as JSON numbers.
        var (json, bytes) = BrowserJson.Mutations(mutations, 0, mutations.Count);
        return (await ReadAsync(module, "mutateRecordsFramed", [database, store, json, bytes], cancellationToken).ConfigureAwait(false)).AsMutationResult();
    }

    /// <inheritdoc />
    public async ValueTask<WebStorageMutationResult> MutateItemsAsync(WebStorageArea area, string lockName, IReadOnlyList<WebStorageMutation> mutations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mutations);
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        if (mutations.Count == 0)
        {
            return new WebStorageMutationResult([], []);
        }

        string answer;
        try
        {
            answer = await module.InvokeAsync<string>("mutateItems", cancellationToken, (int)area, lockName, BrowserJson.ItemMutations(mutations)).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw Map(BrowserErrors.Layer(area), exception);
        }

        return BrowserJson.ReadItemResult(answer, BrowserErrors.Layer(area));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyCollection<string>> GetLiveTabsAsync(CancellationToken cancellationToken = default)
    {
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return BrowserJson.ReadTabs(await module.InvokeAsync<string>("liveTabs", cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw Map(StateLayer.IndexedDb, exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IndexedDbRead> QueryRecordsAsync(string database, string store, string? index, KeyRange range, CancellationToken cancellationToken = default)
    {
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(module, "queryRecordsFramed", [database, store, index, BrowserJson.Range(range)], cancellationToken).ConfigureAwait(false)).AsRead();
    }

    /// <inheritdoc />
    public async ValueTask BroadcastAsync(CrossTabMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var module = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (message.Changes.Count == 1)
            {
                await module.InvokeVoidAsync("broadcast", cancellationToken, message.Store, message.Key, message.Origin, message.Version).ConfigureAwait(false);
            }
            else
            {
                var (keys, versions) = BrowserJson.Changes(message);
                await module.InvokeVoidAsync("broadcastMany", cancellationToken, message.Store, message.Origin, keys, versions).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw Map(StateLayer.Memory, exception);
        }
    }

    /// <summary>Stops hearing the page's events and releases the module.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<IJSObjectReference>? module;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            module = _module;
        }

        try
        {
            if (module is { IsCompletedSuccessfully: true })
            {
                var reference = module.Result;
                await reference.InvokeVoidAsync("unsubscribe", _subscription).ConfigureAwait(false);
                await reference.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (IsInterop(exception, CancellationToken.None))
        {
            // The circuit is gone (or the page never came: a prerendered request), and the page's
            // side of the subscription with it; a scope's disposal must not fail for that.
        }
        finally
        {
            _receiver?.Dispose();
        }
    }

    internal void RaiseEnvironment(BrowserEvent browserEvent)
    {
        if (browserEvent is BrowserEvent.Online or BrowserEvent.Offline)
        {
            _online = browserEvent == BrowserEvent.Online;
        }

        PageCallback.Run(() => EnvironmentChanged?.Invoke(this, browserEvent));
    }

    internal void RaiseMessage(CrossTabMessage message)
    {
        // The channel never echoes to its sender; a message from this instance would be a second
        // object on the same page, which the runtime ignores by origin anyway.
        if (message.Origin != InstanceId)
        {
            PageCallback.Run(() => MessageReceived?.Invoke(this, message));
        }
    }

    private Task<IJSObjectReference> ModuleAsync()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_module is null || _module.IsFaulted || _module.IsCanceled)
            {
                _module = ImportCoreAsync();
            }

            return _module;
        }
    }

    private async Task<IJSObjectReference> ImportCoreAsync()
    {
        var module = await _js.InvokeAsync<IJSObjectReference>("import", ModuleUrl).ConfigureAwait(false);
        _receiver ??= DotNetObjectReference.Create(new JSRuntimeEventReceiver(this));
        _subscription = await module.InvokeAsync<int>("subscribe", _receiver).ConfigureAwait(false);
        _online = await module.InvokeAsync<bool>("isOnline").ConfigureAwait(false);
        // Other tabs take over the outbox rows of a tab whose lock is free: hold it before anything is written.
        await module.InvokeVoidAsync("holdTab", InstanceId).ConfigureAwait(false);
        return module;
    }

    private async ValueTask<IJSObjectReference> ReadyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var module = ModuleAsync();
        if (module.IsCompletedSuccessfully)
        {
            return module.Result;
        }

        try
        {
            return await module.ConfigureAwait(false);
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw exception is InvalidOperationException
                ? new StorageException(StateLayer.Memory, StorageFailure.Unavailable, NoPageYet + exception.Message, exception)
                : new StorageException(StateLayer.Memory, StorageFailure.Unavailable, "the module ovasabi-state.js could not be loaded: " + exception.Message, exception);
        }
    }

    private static async Task<FrameRecords> ReadAsync(IJSObjectReference module, string function, object?[] args, CancellationToken cancellationToken)
    {
        byte[] framed;
        try
        {
            framed = await module.InvokeAsync<byte[]>(function, cancellationToken, args).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsInterop(exception, cancellationToken))
        {
            throw Map(StateLayer.IndexedDb, exception);
        }

        try
        {
            return RecordFrame.Read(framed ?? []);
        }
        catch (FormatException exception)
        {
            throw new StorageException(StateLayer.IndexedDb, StorageFailure.Failed, "the module returned records that cannot be read: " + exception.Message, exception);
        }
    }

    /// <summary>
    /// A failure of the call itself: the module threw (<see cref="JSException"/>), the circuit is
    /// gone (<see cref="JSDisconnectedException"/>), interop is not possible at this time
    /// (<see cref="InvalidOperationException"/>: the page is being prerendered on the server, so
    /// there is no browser yet), or the browser did not answer within the interop timeout (a
    /// cancellation the caller did not ask for). A cancellation the caller asked for stays one.
    /// </summary>
    private static bool IsInterop(Exception exception, CancellationToken cancellationToken) =>
        exception is JSException or JSDisconnectedException or InvalidOperationException ||
        (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>
    /// The typed error for a failed call. A circuit that is gone, or a page that is not there yet,
    /// makes the layer unavailable (writes stay pending in memory); a timeout is a failure of that
    /// call only, so the layer stays on and the write is retried at the next flush.
    /// </summary>
    private static StorageException Map(StateLayer layer, Exception exception) => exception switch
    {
        ObjectDisposedException => new StorageException(layer, StorageFailure.Unavailable, "the storage was disposed (its circuit or app has ended)", exception),
        JSDisconnectedException => new StorageException(layer, StorageFailure.Unavailable, "the page is gone (the circuit disconnected); writes that had not reached the browser stay in this circuit's memory: " + exception.Message, exception),
        InvalidOperationException => new StorageException(layer, StorageFailure.Unavailable, NoPageYet + exception.Message, exception),
        OperationCanceledException => new StorageException(layer, StorageFailure.Failed, "the browser did not answer within the JavaScript interop timeout", exception),
        _ => BrowserErrors.Map(layer, exception),
    };

    private const string NoPageYet = "JavaScript interop is not possible at this time (while a page is prerendered on the server there is no browser yet: use the stores from an interactive render, e.g. LayeredComponentBase.OnStateReadyAsync): ";
}
