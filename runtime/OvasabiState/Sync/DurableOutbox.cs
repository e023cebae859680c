using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using OvasabiState.Serialization;
using OvasabiState.Storage;

namespace OvasabiState.Sync;

/// <summary>
/// Where pending writes survive a reload, a crash or a closed tab: one IndexedDB object store of
/// the user's database, one row per store, record and writer (<see cref="OutboxRow"/>). A tab
/// writes a row while a write of its is not in every layer, and deletes it once it is. When
/// IndexedDB cannot be used the pending writes stay in the tab's memory only (and in memory
/// across user switches and <c>ReloadAsync</c>), which the status shows.
/// </summary>
internal sealed class DurableOutbox(StateRuntime runtime)
{
    /// <summary>The object store of the outbox in every user's database.</summary>
    public const string StoreName = "ovasabi_outbox";

    private static readonly IReadOnlyDictionary<string, IndexKey> NoIndexValues = new Dictionary<string, IndexKey>();

    /// <summary>The outbox's object store: no indexes; rows keyed by [store, key, writer].</summary>
    public static StoreSchema Schema { get; } = new(StoreName, "Row", 1, "outbox-1", [], [], []);

    /// <summary>True while the user's database is open.</summary>
    public bool Available => runtime.IndexedDb.Opened && runtime.Health[StateLayer.IndexedDb].Available;

    /// <summary>Writes rows in one transaction; false (reported) when the outbox cannot take them.</summary>
    public async ValueTask<bool> PutAsync(IReadOnlyList<OutboxRow> rows)
    {
        if (rows.Count == 0)
        {
            return true;
        }

        if (!Available)
        {
            return false;
        }

        var mutations = new IndexedDbMutation[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            mutations[i] = new IndexedDbMutation(rows[i].RowKey, rows[i].Encode(), NoIndexValues, "row", ExpectedVersion.Any, IndexedDbRead.UnknownCounter);
        }

        return await MutateAsync(mutations).ConfigureAwait(false);
    }

    /// <summary>Deletes rows by key in one transaction; false (reported) when it failed.</summary>
    public async ValueTask<bool> DeleteAsync(IReadOnlyList<IndexKey> rowKeys)
    {
        if (rowKeys.Count == 0 || !Available)
        {
            return rowKeys.Count == 0;
        }

        var mutations = new IndexedDbMutation[rowKeys.Count];
        for (var i = 0; i < rowKeys.Count; i++)
        {
            mutations[i] = new IndexedDbMutation(rowKeys[i], null, NoIndexValues, null, ExpectedVersion.Any, IndexedDbRead.UnknownCounter);
        }

        return await MutateAsync(mutations).ConfigureAwait(false);
    }

    /// <summary>Every row of the user's outbox; unreadable rows are reported and left out.</summary>
    public async ValueTask<IReadOnlyList<OutboxRow>> ReadAllAsync()
    {
        var rows = new List<OutboxRow>();
        if (!Available)
        {
            return rows;
        }

        IndexedDbRead read;
        try
        {
            read = await runtime.Storage.QueryRecordsAsync(runtime.Scope.Database, StoreName, null, KeyRange.All).ConfigureAwait(false);
        }
        catch (StorageException exception)
        {
            runtime.Report(StateLayer.IndexedDb, exception, StoreName, null);
            return rows;
        }

        foreach (var record in read)
        {
            try
            {
                rows.Add(OutboxRow.Decode(record.Value));
            }
            catch (StateFormatException exception)
            {
                runtime.Report(StateLayer.IndexedDb, exception, StoreName, record.Key);
            }
        }

        return rows;
    }

    private async ValueTask<bool> MutateAsync(IndexedDbMutation[] mutations)
    {
        try
        {
            await runtime.Storage.MutateRecordsAsync(runtime.Scope.Database, StoreName, mutations).ConfigureAwait(false);
            return true;
        }
        catch (StorageException exception)
        {
            runtime.Report(StateLayer.IndexedDb, exception, StoreName, mutations.Length == 1 ? mutations[0].Key : (IndexKey?)null);
            return false;
        }
    }
}
