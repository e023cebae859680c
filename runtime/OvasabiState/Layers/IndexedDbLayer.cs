using System;
using System.Collections.Generic;
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

    public async ValueTask<LayerEntry?> ReadAsync(IStateBinding binding, StoreScope scope, IndexKey key) =>
        await storage.GetRecordValueAsync(scope.Database, binding.Schema.Name, key).ConfigureAwait(false) is { } bytes
            ? new LayerEntry(key, bytes, Sync.StoredEntry.IsFirstFormat(bytes) ? string.Empty : null) // The value-only read has no $ver: ours is the entry's version.
            : null;

    public async ValueTask<LayerRead> ReadManyAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<IndexKey> keys, Action<IndexKey, Exception> unreadable)
    {
        if (keys.Count == 0)
        {
            return new LayerRead(new Dictionary<IndexKey, LayerEntry>(), IndexedDbRead.UnknownCounter);
        }

        var read = await storage.GetRecordsAsync(scope.Database, binding.Schema.Name, keys).ConfigureAwait(false);
        var found = new Dictionary<IndexKey, LayerEntry>(read.Count);
        foreach (var record in read)
        {
            found[record.Key] = new LayerEntry(record.Key, record.Value, record.Version);
        }

        return new LayerRead(found, read.Counter);
    }

    public async ValueTask<LayerMutationResult> MutateAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<LayerMutation> mutations)
    {
        var conflicts = new List<LayerConflict>();
        var refused = new List<(IndexKey, StorageException)>();
        var counter = await MutateIsolatingAsync(binding, scope, mutations, 0, mutations.Count, conflicts, refused).ConfigureAwait(false);
        return new LayerMutationResult(counter, conflicts, refused);
    }

    /// <summary>
    /// Writes <paramref name="mutations"/>[start..start+count] in one transaction. A transaction is
    /// all or nothing, so when the quota refuses it, the halves are tried on their own, down to
    /// single records: the records that do not fit are refused by key, and the rest land.
    /// </summary>
    private async ValueTask<long> MutateIsolatingAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<LayerMutation> mutations, int start, int count, List<LayerConflict> conflicts, List<(IndexKey, StorageException)> refused)
    {
        // One plain loop: a bulk flush passes 10,000 writes, and LINQ costs several times more on
        // the WebAssembly interpreter.
        var batch = new IndexedDbMutation[count];
        for (var i = 0; i < count; i++)
        {
            var mutation = mutations[start + i];
            batch[i] = new IndexedDbMutation(mutation.Key, mutation.Entry, mutation.IndexValues, mutation.Token, mutation.Expected, mutation.SeenCounter);
        }

        try
        {
            var result = await storage.MutateRecordsAsync(scope.Database, binding.Schema.Name, batch).ConfigureAwait(false);
            foreach (var conflict in result.Conflicts)
            {
                conflicts.Add(new LayerConflict(conflict.Key, conflict.Stored, conflict.Version));
            }

            return result.Counter;
        }
        catch (StorageException exception) when (exception.Failure == StorageFailure.QuotaExceeded)
        {
            if (count == 1)
            {
                refused.Add((mutations[start].Key, new StorageException(StateLayer.IndexedDb, StorageFailure.QuotaExceeded,
                    $"record {mutations[start].Key} of {binding.TypeName} does not fit: {exception.Message}", exception)));
                return IndexedDbRead.UnknownCounter;
            }

            // Two transactions: another tab may write between them, so no one counter vouches for
            // both halves, and the records written are read again by their next write.
            var half = count / 2;
            await MutateIsolatingAsync(binding, scope, mutations, start, half, conflicts, refused).ConfigureAwait(false);
            await MutateIsolatingAsync(binding, scope, mutations, start + half, count - half, conflicts, refused).ConfigureAwait(false);
            return IndexedDbRead.UnknownCounter;
        }
    }

    public async ValueTask<LayerReadAll> ReadAllAsync(IStateBinding binding, StoreScope scope, Action<IndexKey?, Exception> unreadable)
    {
        var read = await storage.QueryRecordsAsync(scope.Database, binding.Schema.Name, null, KeyRange.All).ConfigureAwait(false);
        var entries = new List<LayerEntry>(read.Count);
        foreach (var record in read)
        {
            entries.Add(new LayerEntry(record.Key, record.Value, record.Version));
        }

        return new LayerReadAll(entries, read.Counter);
    }
}
