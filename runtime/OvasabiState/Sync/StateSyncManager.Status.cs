using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Serialization;
using OvasabiState.Storage;

namespace OvasabiState.Sync;

/// <summary>Maintenance (retention, old tombstones) and the status.</summary>
public sealed partial class StateSyncManager
{
    private readonly object _statusGate = new();
    private int _retentionRemoved;
    private DateTimeOffset? _lastRetentionRun;

    /// <summary>
    /// Deletes expired records of every type with a retention, measured by the retention clock (see
    /// the README: a wall clock that jumps forward does not mass-delete); returns how many.
    /// </summary>
    public async Task<int> RunMaintenanceAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await RunMaintenanceCoreAsync(scanTombstones: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> RunMaintenanceCoreAsync(bool scanTombstones, CancellationToken cancellationToken)
    {
        if (scanTombstones)
        {
            // A long-lived tab tries layers that went unavailable again, and takes over what a
            // crashed sibling left in the outbox, not only a new tab.
            await ProbeLayersAsync().ConfigureAwait(false);
            await TakeOverClosedTabsAsync().ConfigureAwait(false);
        }

        var now = await _retentionClock.NowAsync().ConfigureAwait(false);
        var removed = 0;
        foreach (var store in _stores.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            removed += await store.PurgeExpiredAsync(now, scanTombstones).ConfigureAwait(false);
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
                        foreach (var entry in stored.Entries)
                        {
                            // Tombstones are not entries the app sees; their bytes still count.
                            entries += IsTombstone(entry.Bytes) ? 0 : 1;
                            bytes += layer == StateLayer.IndexedDb ? entry.Bytes.Length : VersionedText.TextLength(entry.Bytes.Length, entry.Token);
                        }
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

    private static bool IsTombstone(byte[] bytes)
    {
        try
        {
            return StoredEntry.Decode(bytes, "status").Stamp.Deleted;
        }
        catch (StateFormatException)
        {
            return false;
        }
    }
}
