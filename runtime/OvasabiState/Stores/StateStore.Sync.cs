using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Layers;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Versions;

namespace OvasabiState.Stores;

/// <summary>
/// The store and the world around it: flushes by sync mode, retries, the outbox, other tabs'
/// changes and maintenance. What follows every operation is one rule (<see cref="AfterExitAsync"/>).
/// </summary>
internal sealed partial class StateStore<T>
{
    /// <summary>Changes per cross-tab message: a bulk flush announces itself in a few messages, each short to build and to read.</summary>
    private const int MessageChunk = 2_000;

    private int _flushScheduled;
    private int _outboxScheduled;
    private int _retryScheduled;
    private TimeSpan _retryDelay;

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        FlushOutcome outcome;
        await using (var hold = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            outcome = await _flusher.FlushAsync(hold.Changes).ConfigureAwait(false);
        }

        await BroadcastAsync(outcome.Written).ConfigureAwait(false);
        if (outcome.Incomplete)
        {
            ScheduleRetry();
        }
        else
        {
            _retryDelay = TimeSpan.Zero;
        }
    }

    /// <summary>Another tab wrote records: read their copies (one read per layer for all) and take each in, merging where this tab changed it too.</summary>
    public async Task OnRemoteChangeAsync(CrossTabMessage message)
    {
        await using var hold = await _gate.EnterAsync().ConfigureAwait(false);
        var toRead = new List<IndexKey>();
        var seen = new HashSet<IndexKey>();
        foreach (var change in message.Changes)
        {
            if (IndexKey.TryParse(change.Key, out var key) && key.Kind != IndexKeyKind.None && seen.Add(key) &&
                !(_core.Memory.TryGet(key, out var mine) && mine.Current.Version.Token == change.Version))
            {
                toRead.Add(key);
            }
        }

        if (toRead.Count == 0)
        {
            return;
        }

        var finds = toRead.Count == 1
            ? new Dictionary<IndexKey, LayerFind<T>[]> { [toRead[0]] = await _reader.ReadAsync(toRead[0]).ConfigureAwait(false) }
            : await _reader.ReadManyAsync(toRead).ConfigureAwait(false);
        foreach (var key in toRead)
        {
            TakeIn(key, finds[key], hold.Changes);
        }
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, bool scanTombstones)
    {
        int removed;
        await using (var hold = await _gate.EnterAsync().ConfigureAwait(false))
        {
            removed = await _maintenance.PurgeAsync(now, scanTombstones, hold.Changes).ConfigureAwait(false);
            hold.Changes.Wrote = false; // Flushed below, whatever the sync mode: a purge is done at once.
        }

        if (removed > 0)
        {
            await FlushAsync().ConfigureAwait(false);
        }

        return removed;
    }

    public async Task ReindexAsync()
    {
        await using var hold = await _gate.EnterAsync().ConfigureAwait(false);
        await _maintenance.ReindexAsync().ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxRow>> AdoptAsync(IReadOnlyList<OutboxRow> rows)
    {
        await using var hold = await _gate.EnterAsync().ConfigureAwait(false);
        var adopted = _outbox.Adopt(rows, hold.Changes);
        if (adopted.Count > 0)
        {
            // Meet what the layers hold now, then keep the taken writes in this tab's own rows
            // before the other tab's rows go.
            var finds = await _reader.ReadManyAsync(adopted).ConfigureAwait(false);
            foreach (var key in adopted)
            {
                TakeIn(key, finds[key], hold.Changes);
            }

            await _flusher.LogConflictsAsync(hold.Changes).ConfigureAwait(false);
            await _outbox.SyncAsync().ConfigureAwait(false);
        }

        // A row whose write this tab could not keep yet (no layer and no row of its own took it)
        // stays: deleting it would lose the write if this tab closed before its next flush.
        return rows.Where(r => !IndexKey.TryParse(r.Key, out var key) || !adopted.Contains(key) || _outbox.Keeps(key)).ToList();
    }

    /// <summary>
    /// Flushes, then tells whether every record this tab has pending is kept beyond it: a shared
    /// layer or its outbox row holds it (the conflict log's test). Read under the gate: on Blazor
    /// Server another thread may be flushing this store.
    /// </summary>
    internal async Task<bool> FlushAndKeepBeyondTabAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        await using var hold = await _gate.EnterAsync().ConfigureAwait(false);
        foreach (var key in _core.Memory.PendingKeys)
        {
            if (_core.Memory.TryGet(key, out var entry) && !entry.IsKeptBeyondTab(_core.Lower))
            {
                return false;
            }
        }

        return true;
    }

    public async Task SyncOutboxAsync()
    {
        await using var hold = await _gate.EnterAsync().ConfigureAwait(false);
        await _flusher.LogConflictsAsync(hold.Changes).ConfigureAwait(false); // a merge kept in the outbox: its conflict first
        await _outbox.SyncAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="value"/> into <paramref name="layer"/> only, as a first version by
    /// <paramref name="origin"/> at <paramref name="writtenAt"/>: a copy that does not descend from
    /// this tab's, as another device or an older build would leave it. Memory and the other layers keep theirs.
    /// </summary>
    public async Task WriteLayerCopyAsync(StateLayer layer, T value, DateTimeOffset writtenAt, string origin)
    {
        if (_core.PositionOf(layer) < 0)
        {
            throw new ArgumentException($"{Binding.TypeName} is not stored in {layer}: its layers are {string.Join(", ", Binding.Layers)} (memory cannot take a copy of its own).", nameof(layer));
        }

        var key = KeyOf(value);
        var payload = Binding.Serialize(value);
        var version = new StateVersion(writtenAt.ToUnixTimeMilliseconds() << 16, HybridClock.WriterId(origin));
        var stamp = StateStamp.First(version, origin, writtenAt, StateHash.Of(payload));
        await using var hold = await _gate.EnterAsync().ConfigureAwait(false);
        var write = new LayerMutation(key, new StoredEntry(stamp, payload).Encode(), version.Token, ExpectedVersion.Any, IndexedDbRead.UnknownCounter, _core.IndexValues(value));
        var result = await _core.Runtime.Layers[layer].MutateAsync(Binding, _core.Runtime.Scope, [write]).ConfigureAwait(false);
        if (result.Refused.Count > 0)
        {
            throw result.Refused[0].Error;
        }
    }

    /// <summary>Takes what the layers hold of <paramref name="key"/> into memory (hydrating it when memory lacks it). Call under the gate.</summary>
    private void TakeIn(IndexKey key, LayerFind<T>[] finds, ChangeSet<T> changes)
    {
        if (_core.Memory.TryGet(key, out var entry))
        {
            for (var position = 0; position < finds.Length; position++)
            {
                if (finds[position].Read)
                {
                    _intake.Absorb(entry, position, finds[position], changes);
                }
            }
        }
        else if (_intake.Hydrate(key, finds, changes, out _) is { IsLive: true } loaded && !changes.Changes.Exists(c => c.Key == key))
        {
            // Not loaded here before: this tab hears of records another tab created.
            changes.Add(key, StateChangeKind.Remote, loaded.Current.Value, MemberMask.All(Binding.MemberCount));
        }
    }

    /// <summary>What follows every operation, outside the gate: conflicts logged, events raised, then the sync mode's follow-up.</summary>
    private async ValueTask AfterExitAsync(ChangeSet<T> changes)
    {
        if (_core.Runtime.ConflictSink is { } sink)
        {
            foreach (var conflict in changes.Conflicts)
            {
                await sink(conflict).ConfigureAwait(false);
            }
        }

        foreach (var change in changes.Changes)
        {
            Changed?.Invoke(this, change);
            AnyChanged?.Invoke(new StoreChange(_core.Store, change.Key, change.Kind));
        }

        if (Binding.Sync == SyncMode.Realtime)
        {
            if (changes.Wrote || changes.BackFill)
            {
                ScheduleFlush();
            }
        }
        else if (changes.Wrote)
        {
            ScheduleOutbox();
        }
    }

    /// <summary>A realtime flush on the next turn (or after the configured delay): writes of the same turn share its batch.</summary>
    private void ScheduleFlush()
    {
        if (Interlocked.Exchange(ref _flushScheduled, 1) == 1)
        {
            return;
        }

        var background = _core.Runtime.Background;
        var delay = _core.Runtime.Options.RealtimeFlushDelay;
        var started = delay <= TimeSpan.Zero
            ? Start(async () => { await Task.Yield(); await ScheduledFlushAsync().ConfigureAwait(false); })
            : background.After(delay, ScheduledFlushAsync);
        if (!started)
        {
            Volatile.Write(ref _flushScheduled, 0);
        }

        bool Start(Func<Task> work)
        {
            if (background.Stopped)
            {
                return false;
            }

            background.Run(work);
            return true;
        }
    }

    private Task ScheduledFlushAsync()
    {
        Volatile.Write(ref _flushScheduled, 0);
        return FlushAsync();
    }

    /// <summary>Keeps the writes of a periodic or manual store in the durable outbox soon, so a crash before their flush loses nothing.</summary>
    private void ScheduleOutbox()
    {
        if (Interlocked.Exchange(ref _outboxScheduled, 1) == 0 &&
            !_core.Runtime.Background.After(_core.Runtime.Options.OutboxDelay, () =>
            {
                Volatile.Write(ref _outboxScheduled, 0);
                return SyncOutboxAsync();
            }))
        {
            Volatile.Write(ref _outboxScheduled, 0);
        }
    }

    /// <summary>Retries writes that stayed behind on their own, in every sync mode, waiting longer after each failure.</summary>
    private void ScheduleRetry()
    {
        if (Interlocked.Exchange(ref _retryScheduled, 1) == 1)
        {
            return;
        }

        var options = _core.Runtime.Options;
        _retryDelay = _retryDelay <= TimeSpan.Zero ? options.RetryDelay : TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, options.MaxRetryDelay.Ticks));
        if (!_core.Runtime.Background.After(_retryDelay, RetryAsync))
        {
            Volatile.Write(ref _retryScheduled, 0);
        }
    }

    private async Task RetryAsync()
    {
        Volatile.Write(ref _retryScheduled, 0);
        if (_core.Runtime.ProbeLayers is { } probe)
        {
            await probe().ConfigureAwait(false);
        }

        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Tells the other tabs what shared layers took, in one message per flush (a few for a bulk one).</summary>
    private async Task BroadcastAsync(IReadOnlyDictionary<IndexKey, StateVersion> written)
    {
        if (written.Count == 0)
        {
            return;
        }

        // Each change is formatted as its chunk is built, yielding to the page between slices:
        // formatting 10,000 keys and versions in one go held the page for tens of milliseconds.
        var chunk = new List<CrossTabChange>(Math.Min(MessageChunk, written.Count));
        var slice = PageSlice.Start();
        foreach (var (key, version) in written)
        {
            chunk.Add(new CrossTabChange(key.ToString(), version.Token));
            if (chunk.Count == MessageChunk)
            {
                if (!await SendAsync(chunk, written).ConfigureAwait(false))
                {
                    return;
                }

                chunk = new List<CrossTabChange>(Math.Min(MessageChunk, written.Count));
            }

            if (slice.Due())
            {
                await _core.Runtime.Storage.YieldToPageAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (chunk.Count > 0)
        {
            await SendAsync(chunk, written).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one message of <paramref name="chunk"/>; false when the channel failed (reported).</summary>
    private async Task<bool> SendAsync(List<CrossTabChange> chunk, IReadOnlyDictionary<IndexKey, StateVersion> written)
    {
        var runtime = _core.Runtime;
        try
        {
            await runtime.Storage.BroadcastAsync(new CrossTabMessage($"{runtime.Scope.UserId}/{_core.Store}", runtime.InstanceId, chunk), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (StorageException exception)
        {
            _core.Report(StateLayer.Memory, exception, written.Count == 1 ? written.Keys.First() : (IndexKey?)null);
            return false;
        }
    }
}
