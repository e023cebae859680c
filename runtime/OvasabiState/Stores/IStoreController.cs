using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Stores;

/// <summary>What the sync manager needs of every store, whatever its record type.</summary>
internal interface IStoreController
{
    IStateBinding Binding { get; }

    /// <summary>Records written in memory that <paramref name="layer"/> has not received.</summary>
    int PendingCount(StateLayer layer);

    /// <summary>Records held in memory.</summary>
    int MemoryCount { get; }

    Task FlushAsync(System.Threading.CancellationToken cancellationToken = default);

    /// <summary>Another tab changed a record of this store.</summary>
    Task OnRemoteChangeAsync(CrossTabMessage message);

    /// <summary>Deletes records whose last write is older than the retention; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now);

    /// <summary>Rewrites the store's IndexedDB records with their current index values (after a schema upgrade).</summary>
    Task ReindexAsync();

    /// <summary>The records held in memory, for the storage inspector.</summary>
    Task<IReadOnlyList<Sync.StoredCopy>> MemoryCopiesAsync();

    /// <summary>Drops memory copies that have no pending writes, so reads hydrate them again; returns how many.</summary>
    Task<int> ForgetStoredAsync();

    /// <summary>Forgets memory and pending writes (the user changed).</summary>
    Task ResetAsync();
}
