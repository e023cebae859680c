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

    public ValueTask<byte[]?> ReadAsync(IStateBinding binding, StoreScope scope, IndexKey key) =>
        storage.GetRecordValueAsync(scope.Database, binding.Schema.Name, key);

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

    public ValueTask WriteAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<LayerWrite> writes)
    {
        // One plain loop: a bulk flush passes 10,000 writes, and LINQ costs several times more on
        // the WebAssembly interpreter.
        var put = new List<IndexedDbRecord>(writes.Count);
        var delete = new List<IndexKey>();
        foreach (var write in writes)
        {
            if (write.Entry is { } entry)
            {
                put.Add(new IndexedDbRecord(write.Key, entry, write.IndexValues));
            }
            else
            {
                delete.Add(write.Key);
            }
        }

        return storage.WriteRecordsAsync(scope.Database, binding.Schema.Name, put, delete);
    }

    public async ValueTask<IReadOnlyList<LayerEntry>> ReadAllAsync(IStateBinding binding, StoreScope scope, Action<IndexKey?, Exception> unreadable) =>
        (await storage.QueryRecordsAsync(scope.Database, binding.Schema.Name, null, KeyRange.All).ConfigureAwait(false))
            .Select(r => new LayerEntry(r.Key, r.Value)).ToList();
}
