using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace OvasabiState.Layers;

/// <summary>
/// A browser layer below memory (sessionStorage, localStorage, IndexedDB) that holds encoded
/// entries. Every write is compare-and-set (<see cref="MutateAsync"/>): a writer never
/// overwrites a copy it has not seen. Failures surface as <see cref="Storage.StorageException"/>;
/// the stores decide what to do.
/// </summary>
internal interface IPersistentLayer
{
    StateLayer Layer { get; }

    ValueTask<bool> IsAvailableAsync();

    ValueTask<LayerEntry?> ReadAsync(IStateBinding binding, StoreScope scope, IndexKey key);

    /// <summary>
    /// Reads many keys in one boundary call (one IndexedDB transaction, one Web Storage batch):
    /// the entries found, by key. Each is what <see cref="ReadAsync"/> would return for that key;
    /// an entry that cannot even be turned into bytes is passed to <paramref name="unreadable"/>
    /// and left out, so it fails its own key's read only, as it would one by one.
    /// </summary>
    ValueTask<LayerRead> ReadManyAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<IndexKey> keys, Action<IndexKey, Exception> unreadable);

    /// <summary>
    /// Compare-and-set writes of one batch (one transaction, or one Web Storage batch under the
    /// store's Web Lock). A record whose stored copy is not the expected one comes back as a
    /// conflict; one the layer refuses (quota) comes back refused and never keeps the others out.
    /// </summary>
    /// <exception cref="Storage.StorageException">The layer failed as a whole (unavailable, blocked).</exception>
    ValueTask<LayerMutationResult> MutateAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<LayerMutation> mutations);

    /// <summary>
    /// Every entry of the store for the user, and the layer's write counter. An entry that cannot
    /// even be turned into bytes is passed to <paramref name="unreadable"/> (with its key where the
    /// storage key is one) and skipped, so one damaged item does not hide the others.
    /// </summary>
    ValueTask<LayerReadAll> ReadAllAsync(IStateBinding binding, StoreScope scope, Action<IndexKey?, Exception> unreadable);
}
