using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Layers;

/// <summary>IndexedDB: one database per user, one object store per record type, one transaction per batch.</summary>
internal sealed class IndexedDbLayer(IBrowserStorage storage) : IPersistentLayer
{
    public StateLayer Layer => StateLayer.IndexedDb;

    /// <summary>Set by the sync manager once the user's database opened.</summary>
    public bool Opened { get; set; }

    public ValueTask<bool> IsAvailableAsync() => ValueTask.FromResult(Opened);

    public async ValueTask<byte[]?> ReadAsync(IStateBinding binding, StoreScope scope, IndexKey key) =>
        (await storage.GetRecordAsync(scope.Database, binding.Schema.Name, key).ConfigureAwait(false))?.Value;

    public async ValueTask<IReadOnlyDictionary<IndexKey, byte[]>> ReadManyAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<IndexKey> keys, Action<IndexKey, Exception> unreadable)
    {
        if (keys.Count == 0)
        {
            return new Dictionary<IndexKey, byte[]>();
        }

        var found = new Dictionary<IndexKey, byte[]>(keys.Count);
        foreach (var record in await storage.GetRecordsAsync(scope.Database, binding.Schema.Name, keys).ConfigureAwait(false))
        {
            found[record.Key] = record.Value;
        }

        return found;
    }

    public ValueTask WriteAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<LayerWrite> writes) =>
        storage.WriteRecordsAsync(
            scope.Database,
            binding.Schema.Name,
            writes.Where(w => w.Entry is not null).Select(w => new IndexedDbRecord(w.Key, w.Entry!, w.IndexValues)).ToList(),
            writes.Where(w => w.Entry is null).Select(w => w.Key).ToList());

    public async ValueTask<IReadOnlyList<LayerEntry>> ReadAllAsync(IStateBinding binding, StoreScope scope, Action<IndexKey?, Exception> unreadable) =>
        (await storage.QueryRecordsAsync(scope.Database, binding.Schema.Name, null, KeyRange.All).ConfigureAwait(false))
            .Select(r => new LayerEntry(r.Key, r.Value)).ToList();
}
