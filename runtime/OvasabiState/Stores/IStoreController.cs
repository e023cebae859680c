using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>What the sync manager needs of every store, whatever its record type.</summary>
internal interface IStoreController
{
    IStateBinding Binding { get; }

    /// <summary>Records with a write that <paramref name="layer"/> has not taken.</summary>
    int PendingCount(StateLayer layer);

    /// <summary>Records held in memory (deleted ones left out).</summary>
    int MemoryCount { get; }

    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Another tab changed records of this store.</summary>
    Task OnRemoteChangeAsync(CrossTabMessage message);

    /// <summary>
    /// Deletes records whose last write is older than the retention at <paramref name="now"/>
    /// (tombstones, written compare-and-set) and purges tombstones past their window; returns how
    /// many records expired. <paramref name="scanTombstones"/> reads every layer for old tombstones.
    /// </summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, bool scanTombstones);

    /// <summary>Rewrites the store's IndexedDB records with their current index values (after a schema upgrade).</summary>
    Task ReindexAsync();

    /// <summary>The records held in memory, for the storage inspector.</summary>
    Task<IReadOnlyList<StoredCopy>> MemoryCopiesAsync();

    /// <summary>Drops memory copies every layer holds, so reads hydrate them again; returns how many. Pending writes stay.</summary>
    Task<int> ForgetStoredAsync();

    /// <summary>Takes the pending writes out of memory and empties it (the user changes); hand the result back with <see cref="RestoreAsync"/>.</summary>
    Task<object> ParkAsync();

    /// <summary>Puts back what <see cref="ParkAsync"/> took (the user came back).</summary>
    Task RestoreAsync(object parked);

    /// <summary>
    /// Takes over another tab's outbox rows of this store; returns the rows that may go now: those
    /// whose write this tab keeps durably (every layer or its own row has it) and those that
    /// cannot be read. The others stay, for this tab's next try or another tab.
    /// </summary>
    Task<IReadOnlyList<OutboxRow>> AdoptAsync(IReadOnlyList<OutboxRow> rows);

    /// <summary>Keeps this tab's pending writes of the store in the durable outbox now.</summary>
    Task SyncOutboxAsync();

    /// <summary>The pending records and what each layer is known to hold, as text (diagnostics for tests).</summary>
    string DescribePending();
}
