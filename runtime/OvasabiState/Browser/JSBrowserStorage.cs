using System;
using System.Collections.Generic;
using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Browser;

/// <summary>
/// The browser implementation of <see cref="IBrowserStorage"/>: IndexedDB, Web Storage,
/// <c>BroadcastChannel</c> and the page's online/offline and page-hide events, through the ES
/// module <c>_content/OvasabiState/ovasabi-state.js</c> and <c>[JSImport]</c>. The module is
/// imported on first use, or ahead of time with <see cref="ImportAsync"/>.
/// Register it with <c>services.AddOvasabiBrowserStorage()</c>. This is the WebAssembly fast
/// path; <see cref="JSRuntimeBrowserStorage"/> is the portable one (every render mode).
/// </summary>
/// <remarks>
/// Blazor WebAssembly runs .NET on the page's one thread, as <c>[JSImport]</c> requires; do not
/// use this type from other threads.
/// </remarks>
[SupportedOSPlatform("browser")]
public sealed class JSBrowserStorage : IBrowserStorage, IDisposable
{
    private static Task? s_import;
    private Task? _holding;
    private bool _disposed;

    /// <summary>Creates the storage for this tab and starts hearing the page's events once the module is imported.</summary>
    public JSBrowserStorage()
    {
        InstanceId = $"tab-{Guid.NewGuid():N}"[..12];
        JSBrowserEvents.Add(this);
    }

    /// <inheritdoc />
    public event EventHandler<BrowserEvent>? EnvironmentChanged;

    /// <inheritdoc />
    public event EventHandler<CrossTabMessage>? MessageReceived;

    /// <inheritdoc />
    public string InstanceId { get; }

    /// <inheritdoc />
    /// <remarks>True until the module is imported (the first storage call imports it).</remarks>
    public bool IsOnline => s_import is { IsCompletedSuccessfully: true } ? BrowserInterop.IsOnline() : true;

    /// <summary>
    /// Imports the JavaScript module and hooks the page's events; call it from <c>Program.cs</c>
    /// before <c>RunAsync</c> to pay for it at start-up. Later calls return the same task.
    /// </summary>
    public static Task ImportAsync()
    {
        var import = s_import;
        if (import is null || import.IsFaulted || import.IsCanceled)
        {
            import = s_import = ImportCoreAsync();
        }

        return import;
    }

    /// <inheritdoc />
    public async ValueTask<bool> IsAvailableAsync(WebStorageArea area, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return BrowserInterop.IsStorageAvailable((int)area);
    }

    /// <inheritdoc />
    public async ValueTask<string?> GetItemAsync(WebStorageArea area, string key, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return BrowserInterop.GetItem((int)area, key);
        }
        catch (JSException exception)
        {
            throw BrowserErrors.Map(BrowserErrors.Layer(area), exception);
        }
    }

    /// <inheritdoc />
    /// <remarks>One synchronous call per item: a <c>[JSImport]</c> call costs well under a microsecond, less than marshalling an array with absent items.</remarks>
    public async ValueTask<IReadOnlyList<string?>> GetItemsAsync(WebStorageArea area, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var items = new string?[keys.Count];
        try
        {
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = BrowserInterop.GetItem((int)area, keys[i]);
            }
        }
        catch (JSException exception)
        {
            throw BrowserErrors.Map(BrowserErrors.Layer(area), exception);
        }

        return items;
    }

    /// <inheritdoc />
    public async ValueTask WriteItemsAsync(WebStorageArea area, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> remove, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(remove);
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
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
            BrowserInterop.WriteItems((int)area, keys, values, removed);
        }
        catch (JSException exception)
        {
            throw BrowserErrors.Map(BrowserErrors.Layer(area), exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> GetKeysAsync(WebStorageArea area, string prefix, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return BrowserInterop.GetKeys((int)area, prefix);
        }
        catch (JSException exception)
        {
            throw BrowserErrors.Map(BrowserErrors.Layer(area), exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> OpenDatabaseAsync(string database, IReadOnlyList<StoreSchema> stores, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stores);
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await BrowserInterop.OpenDatabase(database, BrowserJson.Schemas(stores)).ConfigureAwait(false);
        }
        catch (JSException exception)
        {
            throw BrowserErrors.Map(StateLayer.IndexedDb, exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IndexedDbRecord?> GetRecordAsync(string database, string store, IndexKey key, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var records = (await ReadAsync(BrowserInterop.GetRecord(database, store, BrowserJson.Key(key))).ConfigureAwait(false)).Records;
        return records.Count == 0 ? null : records[0];
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetRecordValueAsync(string database, string store, IndexKey key, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        JSObject result;
        try
        {
            result = await BrowserInterop.GetRecordValue(database, store, BrowserJson.Key(key)).ConfigureAwait(false);
        }
        catch (JSException exception)
        {
            throw BrowserErrors.Map(StateLayer.IndexedDb, exception);
        }

        using (result)
        {
            return result.GetPropertyAsByteArray("v");
        }
    }

    /// <inheritdoc />
    public async ValueTask<IndexedDbRead> GetRecordsAsync(string database, string store, IReadOnlyList<IndexKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return keys.Count == 0
            ? new IndexedDbRead([], IndexedDbRead.UnknownCounter)
            : (await ReadAsync(BrowserInterop.GetRecords(database, store, BrowserJson.Keys(keys))).ConfigureAwait(false)).AsRead();
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
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        if (mutations.Count == 0)
        {
            return new IndexedDbMutationResult(IndexedDbRead.UnknownCounter, []);
        }

        if (mutations.Count > StagedBatch.Above)
        {
            return (await ReadAsync(WriteStagedAsync(database, store, mutations)).ConfigureAwait(false)).AsMutationResult();
        }

        var (json, bytes) = BrowserJson.Mutations(mutations, 0, mutations.Count);
        return (await ReadAsync(BrowserInterop.MutateRecords(database, store, json, bytes)).ConfigureAwait(false)).AsMutationResult();
    }

    /// <summary>A big batch in chunks, so the page runs between them; still one transaction (see <see cref="StagedBatch"/>).</summary>
    private static async Task<JSObject> WriteStagedAsync(string database, string store, IReadOnlyList<IndexedDbMutation> mutations)
    {
        var batchId = StagedBatch.NewId();
        try
        {
            for (var start = 0; start < mutations.Count; start += StagedBatch.Chunk)
            {
                var (json, bytes) = BrowserJson.Mutations(mutations, start, Math.Min(StagedBatch.Chunk, mutations.Count - start));
                await BrowserInterop.StageRecords(database, store, batchId, json, bytes).ConfigureAwait(false);
            }
        }
        catch
        {
            // Nothing was written: drop the chunks staged so far.
            BrowserInterop.DiscardStaged(database, store, batchId);
            throw;
        }

        return await BrowserInterop.CommitStaged(database, store, batchId).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<WebStorageMutationResult> MutateItemsAsync(WebStorageArea area, string lockName, IReadOnlyList<WebStorageMutation> mutations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mutations);
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        if (mutations.Count == 0)
        {
            return new WebStorageMutationResult([], []);
        }

        try
        {
            return BrowserJson.ReadItemResult(await BrowserInterop.MutateItems((int)area, lockName, BrowserJson.ItemMutations(mutations)).ConfigureAwait(false), BrowserErrors.Layer(area));
        }
        catch (JSException exception)
        {
            throw BrowserErrors.Map(BrowserErrors.Layer(area), exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyCollection<string>> GetLiveTabsAsync(CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return BrowserJson.ReadTabs(await BrowserInterop.LiveTabs().ConfigureAwait(false));
        }
        catch (JSException exception)
        {
            throw BrowserErrors.Map(StateLayer.IndexedDb, exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask YieldToPageAsync(CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        await BrowserInterop.NextTask().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IndexedDbRead> QueryRecordsAsync(string database, string store, string? index, KeyRange range, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(BrowserInterop.QueryRecords(database, store, index, BrowserJson.Range(range))).ConfigureAwait(false)).AsRead();
    }

    /// <inheritdoc />
    public async ValueTask BroadcastAsync(CrossTabMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        if (message.Changes.Count == 1)
        {
            BrowserInterop.Broadcast(message.Store, message.Key, message.Origin, message.Version);
            return;
        }

        var (keys, versions) = BrowserJson.Changes(message);
        BrowserInterop.BroadcastMany(message.Store, message.Origin, keys, versions);
    }

    /// <summary>Stops hearing the page's events.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            JSBrowserEvents.Remove(this);
        }
    }

    internal void RaiseEnvironment(BrowserEvent browserEvent) => PageCallback.Run(() => EnvironmentChanged?.Invoke(this, browserEvent));

    internal void RaiseMessage(CrossTabMessage message)
    {
        // The channel never echoes to its sender; a message from this instance would be a second
        // object on the same page, which the runtime ignores by origin anyway.
        if (message.Origin != InstanceId)
        {
            PageCallback.Run(() => MessageReceived?.Invoke(this, message));
        }
    }

    private static async Task ImportCoreAsync()
    {
        await JSHost.ImportAsync(BrowserInterop.ModuleName, BrowserInterop.ModuleUrl).ConfigureAwait(false);
        await BrowserInterop.Initialize(typeof(JSBrowserEvents).Assembly.GetName().Name + ".dll").ConfigureAwait(false);
    }

    private async ValueTask ReadyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var import = ImportAsync();
        if (!import.IsCompletedSuccessfully)
        {
            try
            {
                await import.ConfigureAwait(false);
            }
            catch (JSException exception)
            {
                throw new StorageException(StateLayer.Memory, StorageFailure.Unavailable, "the module ovasabi-state.js could not be loaded: " + exception.Message, exception);
            }
        }

        // Other tabs take over the outbox rows of a tab whose lock is free: hold it before anything is written.
        var holding = _holding ??= BrowserInterop.HoldTab(InstanceId);
        if (!holding.IsCompletedSuccessfully)
        {
            try
            {
                await holding.ConfigureAwait(false);
            }
            catch (JSException exception)
            {
                _holding = null;
                throw new StorageException(StateLayer.Memory, StorageFailure.Unavailable, "this tab's liveness lock could not be taken: " + exception.Message, exception);
            }
        }
    }

    private static async Task<FrameRecords> ReadAsync(Task<JSObject> read)
    {
        JSObject result;
        try
        {
            result = await read.ConfigureAwait(false);
        }
        catch (JSException exception)
        {
            throw BrowserErrors.Map(StateLayer.IndexedDb, exception);
        }

        using (result)
        {
            try
            {
                return RecordFrame.Read(result.GetPropertyAsByteArray("b") ?? []);
            }
            catch (FormatException exception)
            {
                throw new StorageException(StateLayer.IndexedDb, StorageFailure.Failed, "the module returned records that cannot be read: " + exception.Message, exception);
            }
        }
    }
}
