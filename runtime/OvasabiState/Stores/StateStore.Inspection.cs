using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Layers;
using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>What the storage inspector and the demo tools need of a store: its memory copies, a copy written into one layer only, and forgetting what is safely stored.</summary>
internal sealed partial class StateStore<T>
{
    public async Task<IReadOnlyList<StoredCopy>> MemoryCopiesAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return _memory.Values
                .Select(e => CopyPreview.Describe(Binding, e.Payload.Length, e.Stamp, e.Payload))
                .OrderBy(c => c.Key, StringComparer.Ordinal)
                .ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> into <paramref name="layer"/> only, as a first version by
    /// <paramref name="origin"/> at <paramref name="writtenAt"/>: a copy that does not descend from
    /// this tab's. Memory and the other layers keep theirs.
    /// </summary>
    public async Task WriteLayerCopyAsync(StateLayer layer, T value, DateTimeOffset writtenAt, string origin)
    {
        if (layer == StateLayer.Memory || !Binding.Layers.Contains(layer))
        {
            throw new ArgumentException($"{Binding.TypeName} is not stored in {layer}: its layers are {string.Join(", ", Binding.Layers)} (memory cannot take a copy of its own).", nameof(layer));
        }

        var key = Binding.HasKey ? Binding.GetKey(value) : IndexKey.Singleton;
        var payload = Binding.Serialize(value);
        var hash = StateHash.Of(payload);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var stamp = StateStamp.First(hash, origin, writtenAt);
            var write = new LayerWrite(key, new StoredEntry(stamp, payload).Encode(), IndexValues(value));
            await _runtime.Layers[layer].WriteAsync(Binding, _runtime.Scope, [write]).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Drops memory copies that every available layer already holds, so the next read hydrates
    /// (and reconciles) them from storage again. Copies with pending writes stay: nothing is lost.
    /// </summary>
    public async Task<int> ForgetStoredAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var stored = _memory.Keys.Where(k => !IsPending(k)).ToList();
            foreach (var key in stored)
            {
                _memory.Remove(key);
            }

            return stored.Count;
        }
        finally
        {
            _gate.Release();
        }
    }
}
