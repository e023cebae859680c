using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Layers;
using OvasabiState.Storage;
using OvasabiState.Versions;

namespace OvasabiState.Stores;

/// <summary>
/// Flushing: each lower layer gets one compare-and-set batch per round (one IndexedDB
/// transaction, one Web Storage batch under the store's Web Lock) with every record pending for
/// it. A record whose stored copy changed since this tab saw it comes back; it is reconciled
/// with the stored copy (<see cref="CopyIntake{T}.Absorb"/>) and written again in the next
/// round, so a flush never overwrites a copy it has not seen, even when the tab that wrote that
/// copy is gone. A record a layer refuses stays pending (the error names its key) and never
/// keeps the others out; the store retries it on its own.
/// </summary>
internal sealed class StoreFlusher<T>(StoreCore<T> core, CopyIntake<T> intake, StoreReader<T> reader, StoreOutbox<T> outbox)
{
    /// <summary>Rounds of a flush: a conflict costs one more; a tab still conflicting after that leaves the rest to the retry.</summary>
    private const int MaxRounds = 4;

    /// <summary>Writes every pending record; call under the gate. Returns what shared layers took (for the other tabs) and whether anything stayed behind.</summary>
    public async ValueTask<FlushOutcome> FlushAsync(ChangeSet<T> changes)
    {
        // Conflicts first: a conflict is stored before the merged value that hides its loser.
        await LogConflictsAsync(changes).ConfigureAwait(false);

        var written = new Dictionary<IndexKey, StateVersion>();
        var incomplete = false;
        for (var round = 0; round < MaxRounds; round++)
        {
            var conflicted = false;
            for (var position = 0; position < core.Lower.Length; position++)
            {
                var keys = await PendingForAsync(position).ConfigureAwait(false);
                if (keys.Count == 0)
                {
                    continue;
                }

                if (!core.Available(position))
                {
                    incomplete = true;
                    continue;
                }

                var result = await WriteAsync(position, keys).ConfigureAwait(false);
                if (result is null)
                {
                    incomplete = true;
                    continue;
                }

                conflicted |= await TakeAsync(position, keys, result, written, changes).ConfigureAwait(false);
                incomplete |= result.Refused.Count > 0;
            }

            if (changes.Conflicts.Count > 0)
            {
                await LogConflictsAsync(changes).ConfigureAwait(false);
            }

            if (!conflicted)
            {
                break;
            }

            incomplete |= round == MaxRounds - 1;
        }

        await outbox.SyncAsync().ConfigureAwait(false);
        return new FlushOutcome(written, incomplete || core.Memory.PendingKeys.Count > 0);
    }

    private async ValueTask<List<MemoryEntry<T>>> PendingForAsync(int position)
    {
        var entries = new List<MemoryEntry<T>>();
        var slice = PageSlice.Start();
        foreach (var key in core.Memory.PendingKeys)
        {
            if (core.Memory.TryGet(key, out var entry) && entry.IsPendingFor(position) && !entry.AwaitsLog)
            {
                entries.Add(entry);
            }

            if (slice.Due())
            {
                await core.Runtime.Storage.YieldToPageAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        return entries;
    }

    /// <summary>
    /// One compare-and-set batch of the layer at <paramref name="position"/>; null when the layer
    /// failed as a whole (reported). Encoding yields to the page whenever a <see cref="PageSlice"/>
    /// is spent: it costs ~15 µs a record on the WebAssembly interpreter.
    /// </summary>
    private async ValueTask<LayerMutationResult?> WriteAsync(int position, List<MemoryEntry<T>> entries)
    {
        var layer = core.Lower[position];
        var mutations = new LayerMutation[entries.Count];
        var slice = PageSlice.Start();
        for (var i = 0; i < mutations.Length; i++)
        {
            var entry = entries[i];
            var current = entry.Current;
            var sync = entry.Synced[position];
            mutations[i] = new LayerMutation(entry.Key, StoreCore<T>.Encode(entry), current.Version.Token, sync.Expected, sync.SeenCounter,
                current.Deleted ? StoreCore<T>.NoIndexValues() : core.IndexValues(current.Value!));
            if (slice.Due())
            {
                await core.Runtime.Storage.YieldToPageAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        try
        {
            var result = await core.Runtime.Layers[layer].MutateAsync(core.Binding, core.Runtime.Scope, mutations).ConfigureAwait(false);
            core.Runtime.Health[layer].Succeeded(core.Runtime.Now);
            return result;
        }
        catch (StorageException exception)
        {
            core.Report(layer, exception, entries.Count == 1 ? entries[0].Key : (IndexKey?)null);
            return null;
        }
    }

    /// <summary>
    /// Takes a batch's outcome into memory; true when a conflict changed what this tab must write.
    /// Yields to the page like encoding does: a batch of 10,000 blocked it for 50-90 ms in one piece.
    /// </summary>
    private async ValueTask<bool> TakeAsync(int position, List<MemoryEntry<T>> entries, LayerMutationResult result, Dictionary<IndexKey, StateVersion> written, ChangeSet<T> changes)
    {
        var layer = core.Lower[position];
        var conflicts = new Dictionary<IndexKey, LayerConflict>(result.Conflicts.Count);
        foreach (var conflict in result.Conflicts)
        {
            conflicts[conflict.Key] = conflict;
        }

        var refused = new HashSet<IndexKey>();
        foreach (var (key, error) in result.Refused)
        {
            refused.Add(key);
            core.Report(layer, error, key);
        }

        var shared = layer != StateLayer.Session;
        var slice = PageSlice.Start();
        foreach (var entry in entries)
        {
            if (slice.Due())
            {
                await core.Runtime.Storage.YieldToPageAsync(CancellationToken.None).ConfigureAwait(false);
            }

            if (conflicts.TryGetValue(entry.Key, out var conflict))
            {
                var find = conflict.Bytes is { } bytes
                    ? reader.Find(layer, new LayerEntry(entry.Key, bytes, conflict.Token), entry.Key, result.Counter)
                    : new LayerFind<T>(true, null, null, result.Counter);
                intake.Absorb(entry, position, find, changes);
            }
            else if (!refused.Contains(entry.Key))
            {
                var current = entry.Current;
                core.Memory.SetSynced(entry, position, LayerSync.Holds(current.Version, current.Version.Token, result.Counter));
                entry.Remember(current);
                if (shared)
                {
                    // sessionStorage goes with the tab: only a shared layer keeps a write beyond it.
                    core.Runtime.ReportDurable(core.Store, entry.Key, current.Version);
                    written[entry.Key] = current.Version;
                }
            }
        }

        return conflicts.Count > 0;
    }

    /// <summary>
    /// Logs the operation's conflicts and stores the log, before any merged value that hides a
    /// loser can be stored (a layer or the outbox): a tab gone right after must not leave a merge
    /// with no trace of the copy it beat. While the log is not kept beyond this tab (its layers
    /// full or down), records with a conflict stay in memory only, pending. The conflict log's own
    /// store does not log itself.
    /// </summary>
    public async ValueTask LogConflictsAsync(ChangeSet<T> changes)
    {
        if (core.IsConflictLog)
        {
            return;
        }

        if (core.Runtime.ConflictSink is { } sink)
        {
            foreach (var conflict in changes.Conflicts)
            {
                await sink(conflict).ConfigureAwait(false);
            }
        }

        changes.Conflicts.Clear();
        var kept = core.Runtime.FlushConflictLog is not { } flushLog || await flushLog().ConfigureAwait(false);
        if (kept)
        {
            foreach (var key in core.AwaitingLog)
            {
                if (core.Memory.TryGet(key, out var entry))
                {
                    entry.AwaitsLog = false;
                }
            }

            core.AwaitingLog.Clear();
        }
    }
}

/// <summary>What a flush did: the versions shared layers took (for the other tabs), and whether writes stayed behind.</summary>
internal sealed record FlushOutcome(IReadOnlyDictionary<IndexKey, StateVersion> Written, bool Incomplete);
