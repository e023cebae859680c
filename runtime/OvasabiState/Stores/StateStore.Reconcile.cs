using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Serialization;
using OvasabiState.Storage;
using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>
/// Where copies of a record are compared and conflicts decided.
/// <list type="bullet">
/// <item>Same content hash: in sync.</item>
/// <item>One copy's stamp lists the other's hash among its ancestors: it descends from it, and
/// the older copy is fast-forwarded.</item>
/// <item>Neither: both changed since their last common version, a conflict. When the common
/// ancestor's value is known (memory keeps the last few versions that were in storage), the generated
/// three-way merge takes one-sided changes and decides both-sided ones by each member's
/// <see cref="MergePolicy"/>. When it is not known (copies that diverged before this page
/// loaded), nothing tells which side changed a member, so the whole higher-priority copy wins and
/// every differing member is logged as a conflict.</item>
/// </list>
/// Priority: at hydration, the layer a copy was found in (the record's Priority order). Between
/// tabs, both copies come from a tab's memory, so the later write wins, and equal times go to the
/// larger content hash: every tab reaches the same result whatever order it hears of changes in.
/// </summary>
internal sealed partial class StateStore<T>
{
    /// <summary>Loads <paramref name="key"/> from the lower layers into memory, reconciling their copies. Call under the gate.</summary>
    private async ValueTask<MemoryEntry?> HydrateAsync(IndexKey key, List<StateChange<T>> changes)
    {
        var copies = await ReadCopiesAsync(key).ConfigureAwait(false);
        return TryHydrateAtOnce(key, copies, changes) ?? await HydrateFromAsync(key, copies, changes).ConfigureAwait(false);
    }

    /// <summary>
    /// Loads <paramref name="key"/> into memory from <paramref name="copies"/>, its readable copies
    /// in the lower layers in priority order, however they were read. Call under the gate.
    /// </summary>
    private async ValueTask<MemoryEntry?> HydrateFromAsync(IndexKey key, List<Copy> copies, List<StateChange<T>> changes)
    {
        if (copies.Count == 0)
        {
            return null;
        }

        var winner = copies[0];
        for (var i = 1; i < copies.Count; i++)
        {
            var other = copies[i];
            winner = winner.Stamp.Compare(other.Stamp) switch
            {
                StampRelation.Older => other,
                StampRelation.Diverged => await ResolveAsync(key, winner, other, null, MergeContext.Default with { TheirsIsNewer = other.Stamp.Timestamp > winner.Stamp.Timestamp }).ConfigureAwait(false),
                _ => winner,
            };
        }

        return Settle(key, copies, winner, changes);
    }

    /// <summary>
    /// <see cref="HydrateFromAsync"/> without an await when there is nothing to reconcile (one
    /// copy: the common case of a store whose only lower layer holds the record), so a batch of
    /// 1,000 such keys does not pay 1,000 async steps on the interpreter. Null when it needs the async path.
    /// </summary>
    private MemoryEntry? TryHydrateAtOnce(IndexKey key, List<Copy> copies, List<StateChange<T>> changes) =>
        copies.Count == 1 ? Settle(key, copies, copies[0], changes) : null;

    /// <summary>Puts the chosen copy in memory and marks the layers that lack it, or hold another copy, pending.</summary>
    private MemoryEntry Settle(IndexKey key, List<Copy> copies, Copy winner, List<StateChange<T>> changes)
    {
        var entry = new MemoryEntry(winner.Value, winner.Payload, winner.Stamp, Remember([], winner.Stamp.ContentHash, winner.Value));
        _memory[key] = entry;

        // Back-fill the layers that lack the record, fast-forward stale copies, repair unreadable ones.
        foreach (var layer in _lower)
        {
            if (CopyIn(copies, layer) is not { } copy || copy.Stamp.ContentHash != winner.Stamp.ContentHash)
            {
                _pending[layer].Add(key);
            }
        }

        // The content differs from the first copy read only when a lower layer's copy descended from
        // it and was taken (a conflict here keeps the higher-priority content): a Remote change.
        if (winner.Stamp.ContentHash != copies[0].Stamp.ContentHash)
        {
            changes.Add(new StateChange<T>(key, StateChangeKind.Remote, winner.Value, Binding.Diff(copies[0].Value, winner.Value)));
        }

        return entry;
    }

    private static Copy? CopyIn(List<Copy> copies, StateLayer layer)
    {
        foreach (var copy in copies)
        {
            if (copy.Layer == layer)
            {
                return copy;
            }
        }

        return null;
    }

    /// <summary>The readable copies of <paramref name="key"/> in the lower layers, in priority order. Unreadable ones are reported and skipped.</summary>
    private async ValueTask<List<Copy>> ReadCopiesAsync(IndexKey key)
    {
        var copies = new List<Copy>();
        foreach (var layer in AvailableLayers())
        {
            byte[]? bytes;
            try
            {
                bytes = await _runtime.Layers[layer].ReadAsync(Binding, _runtime.Scope, key).ConfigureAwait(false);
            }
            catch (StorageException exception)
            {
                _runtime.Report(layer, exception, Store, key);
                continue;
            }
            catch (StateFormatException exception)
            {
                _runtime.Report(layer, exception, Store, key);
                continue;
            }

            if (bytes is not null && TryDecode(layer, bytes, key) is { } copy)
            {
                copies.Add(copy);
            }
        }

        return copies;
    }

    /// <summary>Decodes a stored entry; a corrupt one is reported (typed error in status and events) and left in place.</summary>
    private Copy? TryDecode(StateLayer layer, byte[] bytes, IndexKey? key)
    {
        try
        {
            var entry = StoredEntry.Decode(bytes, Binding.TypeName);
            return new Copy(layer, entry.Stamp, Binding.Deserialize(entry.Payload), entry.Payload);
        }
        catch (StateFormatException exception)
        {
            _runtime.Report(layer, exception, Store, key);
            return null;
        }
    }

    /// <summary>
    /// Another tab wrote records: take their copies, or merge where both changed. The copies of
    /// every record to look at are read in one batch (one read per layer), then each change is
    /// applied in order as on its own.
    /// </summary>
    public async Task OnRemoteChangeAsync(CrossTabMessage message)
    {
        var changes = new List<StateChange<T>>();
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var remote = new List<(IndexKey Key, ulong Hash)>(message.Changes.Count);
            foreach (var change in message.Changes)
            {
                if (IndexKey.TryParse(change.Key, out var key) && key.Kind != IndexKeyKind.None)
                {
                    remote.Add((key, change.ContentHash));
                }
            }

            // Only records this tab holds in another version, or does not hold and can load, need a read.
            var toRead = remote.Where(r => _memory.TryGetValue(r.Key, out var mine) ? mine.Stamp.ContentHash != r.Hash : r.Hash != 0 && !IsPending(r.Key))
                .Select(r => r.Key).Distinct().ToList();
            var copies = toRead.Count == 1
                ? new Dictionary<IndexKey, List<Copy>> { [toRead[0]] = await ReadCopiesAsync(toRead[0]).ConfigureAwait(false) }
                : await ReadCopiesAsync(toRead, null).ConfigureAwait(false);
            foreach (var (key, hash) in remote)
            {
                await ApplyRemoteAsync(key, hash, copies.TryGetValue(key, out var found) ? found : [], changes).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
            AfterChanges(changes);
        }
    }

    /// <summary>Applies another tab's change of <paramref name="key"/> to <paramref name="hash"/>, given the key's <paramref name="copies"/> in the lower layers. Call under the gate.</summary>
    private async ValueTask ApplyRemoteAsync(IndexKey key, ulong hash, List<Copy> copies, List<StateChange<T>> changes)
    {
        if (!_memory.TryGetValue(key, out var mine))
        {
            // Not loaded here: load it, so this tab hears of records another tab created.
            if (hash != 0 && !IsPending(key) && await HydrateFromAsync(key, copies, changes).ConfigureAwait(false) is { } loaded)
            {
                changes.Add(new StateChange<T>(key, StateChangeKind.Remote, loaded.Value, MemberMask.All(Binding.MemberCount)));
            }

            return;
        }

        if (mine.Stamp.ContentHash == hash)
        {
            return; // Already the same.
        }

        if (hash == 0 && copies.Count == 0)
        {
            _memory.Remove(key);
            changes.Add(new StateChange<T>(key, StateChangeKind.Deleted, default, MemberMask.All(Binding.MemberCount)));
            return;
        }

        var theirs = copies.FirstOrDefault(c => c.Stamp.ContentHash == hash) ?? copies.FirstOrDefault();
        if (theirs is null)
        {
            return;
        }

        var ours = new Copy(StateLayer.Memory, mine.Stamp, mine.Value, mine.Payload);
        var relation = ours.Stamp.Compare(theirs.Stamp);
        if (relation is StampRelation.Same or StampRelation.Newer)
        {
            return;
        }

        var oursWins = ours.Stamp.Timestamp != theirs.Stamp.Timestamp
            ? ours.Stamp.Timestamp > theirs.Stamp.Timestamp
            : ours.Stamp.ContentHash > theirs.Stamp.ContentHash;
        var result = relation == StampRelation.Older
            ? theirs
            : await ResolveAsync(key, ours, theirs, mine, new MergeContext(OursHasPriority: oursWins, TheirsIsNewer: !oursWins)).ConfigureAwait(false);

        // Their copy was in storage: later copies may descend from it, so it is a base candidate.
        _memory[key] = new MemoryEntry(result.Value, result.Payload, result.Stamp, Remember(mine.Shared, theirs.Stamp.ContentHash, theirs.Value));
        foreach (var layer in _lower)
        {
            if (copies.FirstOrDefault(c => c.Layer == layer) is not { } copy || copy.Stamp.ContentHash != result.Stamp.ContentHash)
            {
                _pending[layer].Add(key);
            }
            else
            {
                _pending[layer].Remove(key);
            }
        }

        var kind = relation == StampRelation.Older ? StateChangeKind.Remote : StateChangeKind.Merged;
        changes.Add(new StateChange<T>(key, kind, result.Value, Binding.Diff(mine.Value, result.Value)));
    }

    /// <summary>
    /// Decides a conflict between <paramref name="ours"/> (the higher-priority copy unless the
    /// context says otherwise) and <paramref name="theirs"/>, logs it, and returns the kept copy.
    /// </summary>
    private async ValueTask<Copy> ResolveAsync(IndexKey key, Copy ours, Copy theirs, MemoryEntry? known, MergeContext context)
    {
        // Three-way only with a base both copies descend from whose value is known: the newest
        // version in both lineages that memory remembers from storage.
        var theirLineage = new HashSet<ulong>(theirs.Stamp.Ancestors) { theirs.Stamp.ContentHash };
        var @base = known is null
            ? null
            : new[] { ours.Stamp.ContentHash }.Concat(ours.Stamp.Ancestors).Where(theirLineage.Contains)
                .Select(hash => known.Shared.FirstOrDefault(s => s.Hash == hash)).FirstOrDefault(s => s is not null);
        var threeWay = @base is not null;

        T merged;
        MemberMask conflicts;
        if (threeWay)
        {
            var result = Binding.Merge(@base!.Value, ours.Value, theirs.Value, context);
            (merged, conflicts) = (result.Value, result.Conflicts);
        }
        else
        {
            merged = context.OursHasPriority ? ours.Value : theirs.Value;
            conflicts = Binding.Diff(ours.Value, theirs.Value);
        }

        var payload = Binding.Serialize(merged);
        var hash = StateHash.Of(payload);
        var stamp = new StateStamp(
            Math.Max(ours.Stamp.Version, theirs.Stamp.Version) + 1,
            StateLayer.Memory,
            _runtime.InstanceId,
            hash,
            _runtime.Now,
            new[] { ours.Stamp.ContentHash, theirs.Stamp.ContentHash }.Concat(ours.Stamp.Ancestors).Concat(theirs.Stamp.Ancestors)
                .Where(h => h != hash).Distinct().Take(StateStamp.MaxAncestors).ToArray());

        var members = conflicts.Names(Binding.MemberNames);
        var decidedBy = conflicts.Ordinals()
            .Select(o => threeWay ? Binding.Schema.Members[o].Policy.ToString() : nameof(MergePolicy.LayerPriority))
            .ToArray();
        if (_runtime.ConflictSink is { } sink && !conflicts.IsEmpty)
        {
            await sink(new ConflictRecord
            {
                // One entry per pair of copies, whichever side resolved it: several conflicts of
                // one record (three diverged layers) resolve to the same content and must not share an id.
                Id = $"{Store}:{key}:{Math.Min(ours.Stamp.ContentHash, theirs.Stamp.ContentHash):x16}:{Math.Max(ours.Stamp.ContentHash, theirs.Stamp.ContentHash):x16}",
                Store = Store,
                TypeName = Binding.TypeName,
                Key = key.ToString(),
                DetectedAt = _runtime.Now,
                OursLayer = ours.Layer,
                TheirsLayer = theirs.Layer,
                TheirsOrigin = theirs.Stamp.Origin,
                Members = members.ToArray(),
                DecidedBy = decidedBy,
                Winner = threeWay ? "merged" : context.OursHasPriority ? "ours" : "theirs",
                ThreeWay = threeWay,
                OursPayload = ours.Payload,
                TheirsPayload = theirs.Payload,
                MergedPayload = payload,
            }).ConfigureAwait(false);
        }

        return new Copy(ours.Layer, stamp, merged, payload);
    }

    /// <summary>One layer's readable copy of a record.</summary>
    private sealed record Copy(StateLayer Layer, StateStamp Stamp, T Value, byte[] Payload);
}
