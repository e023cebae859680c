using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Identity;
using OvasabiState.Layers;
using OvasabiState.Storage;

namespace OvasabiState.Sync;

/// <summary>
/// Users and tabs: opening the layers for a user, switching users without dropping a pending
/// write, and taking over the pending writes of tabs that are gone.
/// </summary>
public sealed partial class StateSyncManager
{
    /// <summary>Pending writes of users switched away from, by user id and store: back in memory when the user returns.</summary>
    private readonly Dictionary<string, Dictionary<string, object>> _parked = new(StringComparer.Ordinal);
    private bool _switchingUser;

    /// <summary>
    /// Switches to another anonymous user profile of this device: pending writes of the current
    /// user are flushed first; what cannot be stored yet stays pending (in the outbox, and in
    /// memory until the user comes back); then every store shows the new user's data only.
    /// </summary>
    public async Task SwitchUserAsync(string profile, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        _switchingUser = true;
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            await Identity.SwitchUserAsync(profile, cancellationToken).ConfigureAwait(false);
            await ReopenForUserAsync().ConfigureAwait(false);
        }
        finally
        {
            _switchingUser = false;
        }
    }

    private void OnUserChanged(object? sender, UserChangedEventArgs e)
    {
        // SwitchUserAsync reopens itself; this covers switches made directly on Identity. The
        // scope still names the previous user until the reopen, so its writes go where they belong.
        if (!_switchingUser)
        {
            _runtime.Background.Run(async () =>
            {
                await FlushAsync().ConfigureAwait(false);
                await ReopenForUserAsync().ConfigureAwait(false);
            });
        }
    }

    /// <summary>Parks the previous user's pending writes, opens the new user's layers, and brings back what was parked for the new user.</summary>
    private async Task ReopenForUserAsync()
    {
        var previous = _runtime.Scope.UserId;
        var parked = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, store) in _storesByName)
        {
            await store.SyncOutboxAsync().ConfigureAwait(false);
            parked[name] = await store.ParkAsync().ConfigureAwait(false);
        }

        _parked[previous] = parked;
        await OpenLayersAsync(CancellationToken.None).ConfigureAwait(false);
        if (_parked.Remove(_runtime.Scope.UserId, out var back))
        {
            foreach (var (name, entries) in back)
            {
                await _storesByName[name].RestoreAsync(entries).ConfigureAwait(false);
            }
        }

        await TakeOverClosedTabsAsync().ConfigureAwait(false);
        StatusChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Takes over the outbox rows of tabs that are gone (closed or crashed with writes not in
    /// every layer): each store makes them its own pending writes and keeps them in this tab's
    /// rows; then the old rows are deleted.
    /// </summary>
    private async Task TakeOverClosedTabsAsync()
    {
        if (_runtime.Outbox is not { Available: true } outbox)
        {
            return;
        }

        var rows = await outbox.ReadAllAsync().ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return;
        }

        IReadOnlyCollection<string> live;
        try
        {
            live = await _runtime.Storage.GetLiveTabsAsync().ConfigureAwait(false);
        }
        catch (StorageException exception)
        {
            _runtime.Report(StateLayer.IndexedDb, exception, DurableOutbox.StoreName, null);
            return; // Without knowing who is alive, nobody's rows are taken.
        }

        var orphaned = rows.Where(r => r.Writer != _runtime.InstanceId && !live.Contains(r.Writer)).ToList();
        var done = new List<IndexKey>();
        foreach (var group in orphaned.GroupBy(r => r.Store))
        {
            // Rows of stores this build does not know stay, for a build that does.
            if (_storesByName.TryGetValue(group.Key, out var store))
            {
                done.AddRange((await store.AdoptAsync(group.ToList()).ConfigureAwait(false)).Select(r => r.RowKey));
            }
        }

        if (done.Count > 0)
        {
            await outbox.DeleteAsync(done).ConfigureAwait(false);
        }
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

        await OpenIndexedDbAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task OpenIndexedDbAsync(CancellationToken cancellationToken)
    {
        try
        {
            var schemas = _stores.Values.Where(s => s.Binding.Layers.Contains(StateLayer.IndexedDb)).Select(s => s.Binding.Schema).Append(DurableOutbox.Schema).ToList();
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

    /// <summary>Tries the unavailable layers again (before a retry of writes that stayed behind).</summary>
    private async Task ProbeLayersAsync()
    {
        foreach (var (layer, area) in new[] { (StateLayer.Session, WebStorageArea.Session), (StateLayer.Local, WebStorageArea.Local) })
        {
            if (!_runtime.Health[layer].Available)
            {
                try
                {
                    if (await _runtime.Storage.IsAvailableAsync(area).ConfigureAwait(false))
                    {
                        _runtime.Health[layer].SetAvailable(true);
                    }
                }
                catch (StorageException)
                {
                    // Still unavailable: the status keeps the first error.
                }
            }
        }

        if (!_runtime.Health[StateLayer.IndexedDb].Available)
        {
            await OpenIndexedDbAsync(CancellationToken.None).ConfigureAwait(false);
            if (_runtime.Health[StateLayer.IndexedDb].Available)
            {
                await TakeOverClosedTabsAsync().ConfigureAwait(false);
            }
        }
    }
}
