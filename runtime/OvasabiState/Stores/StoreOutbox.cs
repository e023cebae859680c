using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Conflicts;
using OvasabiState.Serialization;
using OvasabiState.Sync;
using OvasabiState.Versions;

namespace OvasabiState.Stores;

/// <summary>
/// A store's rows in the durable outbox: a row for every record with a write some layer has not
/// taken, deleted once every layer has it; and taking over the rows of a tab that is gone.
/// </summary>
internal sealed class StoreOutbox<T>(StoreCore<T> core, CopyIntake<T> intake)
{
    /// <summary>Keys with a row of this tab in the outbox.</summary>
    private readonly HashSet<IndexKey> _rowed = new();

    /// <summary>Brings this tab's rows in line with memory; call under the gate. No-op while the outbox is unavailable (memory keeps the writes).</summary>
    public async ValueTask SyncAsync()
    {
        if (core.Runtime.Outbox is not { Available: true } outbox)
        {
            return;
        }

        var puts = new List<OutboxRow>();
        var put = new List<MemoryEntry<T>>();
        foreach (var key in core.Memory.PendingKeys)
        {
            if (core.Memory.TryGet(key, out var entry) && entry.OutboxVersion != entry.Current.Version && !entry.AwaitsLog)
            {
                put.Add(entry);
            }
        }

        // A row encodes the record and its bases: yield to the page between slices, as a flush does.
        var slice = PageSlice.Start();
        foreach (var entry in put)
        {
            puts.Add(Row(entry));
            if (slice.Due())
            {
                await core.Runtime.Storage.YieldToPageAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        var deletes = new List<IndexKey>();
        var deleted = new List<IndexKey>();
        foreach (var key in _rowed)
        {
            if (!core.Memory.IsPending(key) && !(core.Memory.TryGet(key, out var settled) && settled.AwaitsLog))
            {
                deletes.Add(OutboxRow.KeyOf(core.Store, key.ToString(), core.Runtime.InstanceId));
                deleted.Add(key);
            }

            if (slice.Due())
            {
                await core.Runtime.Storage.YieldToPageAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (puts.Count > 0 && await outbox.PutAsync(puts).ConfigureAwait(false))
        {
            foreach (var entry in put)
            {
                entry.OutboxVersion = entry.Current.Version;
                _rowed.Add(entry.Key);
                core.Runtime.ReportDurable(core.Store, entry.Key, entry.Current.Version);
            }
        }

        if (deletes.Count > 0 && await outbox.DeleteAsync(deletes).ConfigureAwait(false))
        {
            foreach (var key in deleted)
            {
                _rowed.Remove(key);
                if (core.Memory.TryGet(key, out var entry))
                {
                    entry.OutboxVersion = StateVersion.None;
                }
            }
        }
    }

    /// <summary>True when this tab keeps its copy of <paramref name="key"/> durably: every layer has it, or this tab's row holds it.</summary>
    public bool Keeps(IndexKey key) =>
        !core.Memory.IsPending(key) || (core.Memory.TryGet(key, out var entry) && entry.OutboxVersion == entry.Current.Version);

    /// <summary>Forgets this tab's rows (memory was cleared for another user; the rows stay for when the user comes back).</summary>
    public void Forget() => _rowed.Clear();

    /// <summary>
    /// Takes over another tab's rows of this store: each row's write becomes a pending write here
    /// (met with this tab's copy when it has one). Returns the keys taken; call under the gate,
    /// then sync this tab's rows before the other tab's are deleted.
    /// </summary>
    public List<IndexKey> Adopt(IEnumerable<OutboxRow> rows, ChangeSet<T> changes)
    {
        var adopted = new List<IndexKey>();
        foreach (var row in rows)
        {
            if (!IndexKey.TryParse(row.Key, out var key) || key.Kind == IndexKeyKind.None || Decode(row.Current, key) is not { } copy)
            {
                continue;
            }

            var known = new List<Copy<T>>();
            foreach (var bytes in row.Known)
            {
                if (Decode(bytes, key) is { } base_)
                {
                    known.Add(base_);
                }
            }

            if (core.Memory.TryGet(key, out var entry))
            {
                foreach (var base_ in known)
                {
                    entry.Remember(base_);
                }

                intake.Meet(entry, copy.In(StateLayer.Memory), changes);
            }
            else
            {
                // What the other tab knew of the shared layers holds here too; its sessionStorage is
                // not this tab's: taking that would make this tab's own session copy look like a
                // later write over the row's, and bring an old copy back.
                var synced = core.UnknownSync();
                foreach (var (layer, sync) in row.Synced)
                {
                    if (layer != StateLayer.Session && core.PositionOf(layer) is var position and >= 0)
                    {
                        synced[position] = sync;
                    }
                }

                entry = core.Memory.Add(key, copy.In(StateLayer.Memory), synced);
                foreach (var base_ in known)
                {
                    entry.Remember(base_);
                }

                changes.Add(key, copy.Deleted ? StateChangeKind.Deleted : StateChangeKind.Remote, copy.Value, MemberMask.All(core.Binding.MemberCount));
            }

            changes.Wrote = true;
            adopted.Add(key);
        }

        return adopted;
    }

    private OutboxRow Row(MemoryEntry<T> entry)
    {
        var synced = new (StateLayer, LayerSync)[core.Lower.Length];
        var known = new List<byte[]>();
        var versions = new HashSet<StateVersion> { entry.Current.Version };
        for (var position = 0; position < synced.Length; position++)
        {
            var sync = entry.Synced[position];
            synced[position] = (core.Lower[position], sync);
            // The base of a merge at each layer: what it held, when this tab still has its value.
            if (sync.State == LayerState.Holds && entry.Known(sync.Version) is { } copy && versions.Add(copy.Version))
            {
                known.Add(new StoredEntry(copy.Stamp, copy.Payload).Encode());
            }
        }

        return new OutboxRow(core.Store, entry.Key.ToString(), core.Runtime.InstanceId, StoreCore<T>.Encode(entry), synced, known);
    }

    private Copy<T>? Decode(byte[] bytes, IndexKey key)
    {
        try
        {
            var stored = StoredEntry.Decode(bytes, core.Binding.TypeName);
            core.Runtime.Clock.Observe(stored.Stamp.Version);
            return stored.Stamp.Deleted
                ? new Copy<T>(StateLayer.Memory, stored.Stamp, default, [])
                : new Copy<T>(StateLayer.Memory, stored.Stamp, core.Binding.Deserialize(stored.Payload), stored.Payload);
        }
        catch (StateFormatException exception)
        {
            core.Report(StateLayer.IndexedDb, exception, key);
            return null;
        }
    }
}
