using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Pools;
using OvasabiState.Serialization;
using OvasabiState.Storage;
using OvasabiState.Stores;

namespace OvasabiState.Sync;

/// <summary>Looking inside: what each layer holds, storage timings, and the tools a dashboard or a demo needs.</summary>
public sealed partial class StateSyncManager
{
    /// <summary>
    /// What every layer holds of every record type for the current user: keys, sizes, stamps and
    /// a decoded preview of each copy. Reads every layer in full: meant for dashboards and
    /// debugging, not for a hot path.
    /// </summary>
    public async Task<IReadOnlyList<StoreInventory>> InspectAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var inventory = new List<StoreInventory>();
        foreach (var store in _stores.Values.OrderBy(s => s.Binding.Schema.Name, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var binding = store.Binding;
            var layers = new List<LayerHoldings>();
            foreach (var layer in binding.Layers)
            {
                layers.Add(layer == StateLayer.Memory
                    ? new LayerHoldings(layer, true, await store.MemoryCopiesAsync().ConfigureAwait(false), 0)
                    : await HoldingsAsync(binding, layer).ConfigureAwait(false));
            }

            inventory.Add(new StoreInventory(binding.Schema.Name, binding.TypeName, binding.Sync, binding.Retention, layers));
        }

        return inventory;
    }

    /// <summary>True while the browser reports a network connection (cheap: reads no storage).</summary>
    public bool IsOnline => _runtime.Storage.IsOnline;

    /// <summary>Storage timings per layer since start-up, and the shared pools' statistics.</summary>
    public StateMetrics GetMetrics() =>
        new(_runtime.Timed.Select(l => l.Snapshot()).ToList(), ComputeBufferPool.Shared.Snapshot(), StateBufferPool.Shared.Snapshot());

    /// <summary>
    /// Writes <paramref name="value"/> into one persistent layer only, as another device or an
    /// older build would leave it there: a first version by <paramref name="origin"/> at
    /// <paramref name="writtenAt"/> (now when null) that does not descend from this tab's copy, so
    /// where the values differ the layers are in conflict. Memory and
    /// the other layers keep their copies, so the next reconciliation (<see cref="ReloadAsync"/>
    /// or a page reload) sees the difference. For tools, demos and tests.
    /// </summary>
    /// <exception cref="ArgumentException">The type does not live in <paramref name="layer"/>, or it is memory.</exception>
    /// <exception cref="StorageException">The layer refused the write.</exception>
    public async Task WriteLayerCopyAsync<T>(StateLayer layer, T value, string origin = "external", DateTimeOffset? writtenAt = null, CancellationToken cancellationToken = default)
        where T : ILayered<T>
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var store = (StateStore<T>)StoreOf<T>();
        await store.WriteLayerCopyAsync(layer, value, writtenAt ?? _runtime.Now, origin).ConfigureAwait(false);
        StatusChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Re-reads records from storage: layers that went unavailable are tried again, pending writes are flushed, then every memory copy that is
    /// safely stored is dropped, so the next read of each record hydrates it from the layers and
    /// reconciles their copies (detecting conflicts) as a page reload would. Copies whose writes
    /// could not be stored stay in memory. Returns how many copies were dropped.
    /// </summary>
    public async Task<int> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await ProbeLayersAsync().ConfigureAwait(false); // as a page load would open them again
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var dropped = 0;
        foreach (var store in _stores.Values)
        {
            dropped += await store.ForgetStoredAsync().ConfigureAwait(false);
        }

        StatusChanged?.Invoke(this, EventArgs.Empty);
        return dropped;
    }

    private async Task<LayerHoldings> HoldingsAsync(IStateBinding binding, StateLayer layer)
    {
        if (!_runtime.Health[layer].Snapshot().Available)
        {
            return new LayerHoldings(layer, false, [], 0);
        }

        var unreadable = 0;
        var copies = new List<StoredCopy>();
        try
        {
            var stored = await _runtime.Layers[layer].ReadAllAsync(binding, _runtime.Scope, (_, _) => unreadable++).ConfigureAwait(false);
            foreach (var entry in stored.Entries)
            {
                try
                {
                    if (CopyPreview.Decode(binding, layer, entry.Bytes, entry.Token) is { } copy)
                    {
                        copies.Add(copy);
                    }
                }
                catch (StateFormatException)
                {
                    unreadable++;
                }
            }
        }
        catch (StorageException exception)
        {
            _runtime.Report(layer, exception, binding.Schema.Name, null);
            return new LayerHoldings(layer, false, [], 0);
        }

        copies.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new LayerHoldings(layer, true, copies, unreadable);
    }
}
