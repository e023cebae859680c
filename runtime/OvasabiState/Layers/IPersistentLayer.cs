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

    /// <summary>Writes one batch (one transaction or one web-storage batch).</summary>
    ValueTask WriteAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<LayerWrite> writes);

    /// <summary>
    /// Every entry of the store for the user. An entry that cannot even be turned into bytes is
    /// passed to <paramref name="unreadable"/> and skipped, so one damaged item does not hide the others.
    /// </summary>
    ValueTask<IReadOnlyList<byte[]>> ReadAllAsync(IStateBinding binding, StoreScope scope, Action<Exception> unreadable);
}
