using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Layers;

/// <summary>
/// A browser layer below memory (sessionStorage, localStorage, IndexedDB) that holds encoded
/// entries. Failures surface as <see cref="StorageException"/>; the stores decide what to do.
/// </summary>
internal interface IPersistentLayer
{
    StateLayer Layer { get; }

    ValueTask<bool> IsAvailableAsync();

    ValueTask<byte[]?> ReadAsync(IStateBinding binding, StoreScope scope, IndexKey key);

    /// <summary>
    /// Reads many keys in one boundary call (one IndexedDB transaction, one Web Storage batch):
    /// the entries found, by key. Each is what <see cref="ReadAsync"/> would return for that key;
    /// an entry that cannot even be turned into bytes is passed to <paramref name="unreadable"/>
    /// and left out, so it fails its own key's read only, as it would one by one.
    /// </summary>
    ValueTask<IReadOnlyDictionary<IndexKey, byte[]>> ReadManyAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<IndexKey> keys, Action<IndexKey, Exception> unreadable);

    /// <summary>Writes one batch (one transaction or one web-storage batch).</summary>
    ValueTask WriteAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<LayerWrite> writes);

    /// <summary>
    /// Every entry of the store for the user. An entry that cannot even be turned into bytes is
    /// passed to <paramref name="unreadable"/> (with its key where the storage key is one) and
    /// skipped, so one damaged item does not hide the others.
    /// </summary>
    ValueTask<IReadOnlyList<LayerEntry>> ReadAllAsync(IStateBinding binding, StoreScope scope, Action<IndexKey?, Exception> unreadable);
}
