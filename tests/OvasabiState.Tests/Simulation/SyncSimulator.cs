using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Tests.Stores;
using OvasabiState.Versions;

namespace OvasabiState.Tests.Simulation;

/// <summary>
/// One seeded, deterministic schedule over one simulated origin (<see cref="InMemoryBrowser"/>) on
/// a fake clock: 2 to 5 tabs doing random writes, reverts, deletes and flushes; tabs closing
/// abruptly, opening and reloading; user switches and back; quotas and unavailable layers
/// switched on and off; cross-tab messages delivered late, dropped, duplicated and reordered;
/// time moving on (so retries, the outbox and maintenance run). Every step runs to completion on
/// this thread (the in-memory origin answers at once): a step that would not is itself a failure.
/// Then every fault stops, the tabs catch up and reload, and the invariants are checked.
/// </summary>
internal sealed class SyncSimulator
{
    private static readonly string[] Keys = ["k0", "k1"];

    private readonly Random _random;
    private readonly TestBrowser _world = new();
    private readonly List<SimSession> _sessions = [];
    private readonly WriteLedger _ledger = new();
    private readonly List<string> _trace = [];
    private readonly List<string> _unexpected = [];
    private readonly Dictionary<(string Key, string Member), List<string>> _values = new();
    private string _deviceProfile = "default";
    private int _step;
    private int _nextTab;
    private int _nextValue;

    private SyncSimulator(int seed) => _random = new Random(seed);

    private InMemoryBrowser Browser => _world.Browser;

    /// <summary>Runs schedule <paramref name="seed"/>, catching up in the order <paramref name="catchUpSeed"/> picks; returns the final values and what failed.</summary>
    public static SimulationResult Run(int seed, int catchUpSeed, int steps)
    {
        var simulator = new SyncSimulator(seed);
        try
        {
            simulator.RunSchedule(steps);
            var final = simulator.CatchUp(new Random(catchUpSeed), out var log);
            var problems = simulator._unexpected.ToList();
            problems.AddRange(simulator._ledger.Unaccounted(final, log));
            return new SimulationResult(final, problems, simulator._trace);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new SimulationResult(new Dictionary<string, SimNoteRecord?>(), [$"step {simulator._step} threw: {exception}"], simulator._trace);
        }
    }

    private void RunSchedule(int steps)
    {
        for (var i = 0; i < 2 + _random.Next(4); i++)
        {
            Open();
        }

        for (_step = 1; _step <= steps; _step++)
        {
            var roll = _random.Next(100);
            var session = _sessions.Where(s => s.Open).OrderBy(_ => _random.Next()).FirstOrDefault();
            if (session is null)
            {
                Open();
            }
            else if (roll < 30)
            {
                Write(session, revert: false);
            }
            else if (roll < 38)
            {
                Write(session, revert: true);
            }
            else if (roll < 44)
            {
                Delete(session);
            }
            else if (roll < 58)
            {
                Do($"tab {session.Id} flushes", () => session.Manager.FlushAsync());
            }
            else if (roll < 74)
            {
                Deliver(session);
            }
            else if (roll < 77)
            {
                Close(session);
            }
            else if (roll < 81)
            {
                Open();
            }
            else if (roll < 84)
            {
                Do($"tab {session.Id} reloads", () => session.Manager.ReloadAsync());
            }
            else if (roll < 87)
            {
                SwitchUser(session);
            }
            else if (roll < 93)
            {
                ToggleFault();
            }
            else
            {
                Advance(new[] { TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(6) }[_random.Next(4)]);
            }

            ObserveAll();
        }
    }

    private void Write(SimSession session, bool revert)
    {
        if (session.Away)
        {
            return;
        }

        var key = Keys[_random.Next(Keys.Length)];
        var before = Sync(() => session.Store.FindAsync(key).AsTask());
        var sawDeleted = before is null && session.Store.VersionOf(key) is not null; // a tombstone in memory
        var after = before ?? new SimNoteRecord { Id = key };
        foreach (var member in SimNoteRecord.Members.Where(_ => _random.Next(2) == 0).DefaultIfEmpty("A"))
        {
            var history = Values(key, member);
            var current = after.Get(member);
            var earlier = history.Where(v => v != current).ToList();
            var value = revert && earlier.Count > 0 ? earlier[_random.Next(earlier.Count)] : $"v{++_nextValue}";
            history.Add(value);
            after = after.With(member, value);
        }

        _trace.Add($"{_step}: tab {session.Id} writes {after}{(revert ? " (a revert)" : string.Empty)}");
        Sync(() => session.Store.SetAsync(after).AsTask());
        _ledger.Record(_step, session.Id, key, before, sawDeleted, after, session.Store.VersionOf(key) ?? StateVersion.None);
    }

    private void Delete(SimSession session)
    {
        if (session.Away)
        {
            return;
        }

        var key = Keys[_random.Next(Keys.Length)];
        var before = Sync(() => session.Store.FindAsync(key).AsTask());
        _trace.Add($"{_step}: tab {session.Id} deletes {key}");
        if (Sync(() => session.Store.DeleteAsync(key).AsTask()))
        {
            _ledger.Record(_step, session.Id, key, before, false, null, session.Store.VersionOf(key) ?? StateVersion.None);
        }
    }

    private void Deliver(SimSession session)
    {
        var held = session.Tab.Held;
        if (held.Count == 0)
        {
            return;
        }

        var messages = held.ToList();
        held.Clear();
        switch (_random.Next(4))
        {
            case 0: // in order
                break;
            case 1: // reordered
                messages = messages.OrderBy(_ => _random.Next()).ToList();
                break;
            case 2: // some dropped (a frozen tab, a missed message)
                messages = messages.Where(_ => _random.Next(3) != 0).ToList();
                break;
            default: // one duplicated
                messages.Insert(_random.Next(messages.Count + 1), messages[_random.Next(messages.Count)]);
                break;
        }

        _trace.Add($"{_step}: tab {session.Id} hears {messages.Count} message(s)");
        foreach (var message in messages)
        {
            session.Tab.Deliver(message);
        }
    }

    private void Close(SimSession session)
    {
        _trace.Add($"{_step}: tab {session.Id} closes abruptly");
        session.Open = false;
        Browser.CloseTab(session.Tab.Inner);
        session.Manager.Dispose();
    }

    private void SwitchUser(SimSession session)
    {
        if (Faulty)
        {
            return; // The profile name is kept in localStorage: a switch under a fault would make a throw-away user.
        }

        // The profile is the device's: tabs opened after this switch start on it too.
        session.Away = !session.Away;
        _deviceProfile = session.Away ? "other" : "default";
        Do($"tab {session.Id} switches to {_deviceProfile}", () => session.Manager.SwitchUserAsync(_deviceProfile));
    }

    private void ToggleFault()
    {
        switch (_random.Next(4))
        {
            case 0:
                Browser.IndexedDbQuota = Browser.IndexedDbQuota is null ? 1 : null;
                break;
            case 1:
                Browser.LocalStorageQuota = Browser.LocalStorageQuota is null ? Browser.LocalStorage.Sum(p => (long)p.Key.Length + p.Value.Length) : null;
                break;
            case 2:
                Browser.IndexedDbUnavailable = !Browser.IndexedDbUnavailable;
                break;
            default:
                Browser.LocalStorageUnavailable = !Browser.LocalStorageUnavailable;
                break;
        }

        _trace.Add($"{_step}: faults: IndexedDB quota {(Browser.IndexedDbQuota is null ? "off" : "on")}, localStorage quota {(Browser.LocalStorageQuota is null ? "off" : "on")}, IndexedDB {(Browser.IndexedDbUnavailable ? "down" : "up")}, localStorage {(Browser.LocalStorageUnavailable ? "down" : "up")}");
    }

    private bool Faulty => Browser.IndexedDbQuota is not null || Browser.LocalStorageQuota is not null || Browser.IndexedDbUnavailable || Browser.LocalStorageUnavailable;

    private void Advance(TimeSpan by)
    {
        _trace.Add($"{_step}: time moves {by}");
        _world.Time.Advance(by);
    }

    private void Open()
    {
        if (Faulty && (Browser.LocalStorageUnavailable || Browser.LocalStorageQuota is not null))
        {
            return; // The device secret lives in localStorage: a tab opened now would be a throw-away user.
        }

        var id = _nextTab++;
        var tab = new SimTab(Browser.OpenTab($"tab-{id}"));
        var manager = new StateSyncManager(new OvasabiStateOptions
        {
            Storage = tab,
            TimeProvider = _world.Time,
            RealtimeFlushDelay = TimeSpan.FromMilliseconds(10),
            OutboxDelay = TimeSpan.FromMilliseconds(100),
            Bindings = [SimNoteRecord.OvasabiStateBinding.Instance],
        });
        var session = new SimSession(id, tab, manager);
        manager.Durable += (store, key, version) =>
        {
            if (store == "sim_notes" && !session.Away)
            {
                _ledger.Durable(id, key.Text, version);
            }
        };
        manager.ErrorOccurred += (_, error) =>
        {
            // Storage faults are the schedule's; anything else escaping into the status is a bug.
            if (error.Exception is not (StorageException or OvasabiState.Serialization.StateFormatException))
            {
                _unexpected.Add($"step {_step}, tab {id}: {error.Exception}");
            }
        };
        _sessions.Add(session);
        _trace.Add($"{_step}: tab {id} opens");
        Sync(() => manager.InitializeAsync());

        // The profile is the device's (localStorage): a tab opens on whichever was chosen last.
        session.Away = manager.Identity.Profile != "default";
        _trace.Add($"    tab {id} is user {manager.Identity.UserId[..8]} ({manager.Identity.Profile}{(manager.Identity.IsEphemeral ? ", ephemeral" : string.Empty)})");
    }

    private void ObserveAll()
    {
        foreach (var session in _sessions.Where(s => s.Open && !s.Away))
        {
            foreach (var key in Keys)
            {
                var version = session.Store.VersionOf(key);
                if (version != session.Seen.GetValueOrDefault(key))
                {
                    session.Seen[key] = version;
                    _trace.Add($"    tab {session.Id} now holds {key} at {version?.ToString() ?? "nothing"}: {session.Store.Peek(key)}");
                }

                _ledger.Observe(_step, session.Id, key, version);
            }
        }

        _ledger.Acknowledge();
    }

    /// <summary>
    /// Faults stop; every tab comes back to the default user, hears everything held for it and
    /// flushes, in an order <paramref name="order"/> picks, until no write is pending anywhere; a
    /// new tab takes over what closed tabs left; then every tab reloads. Checks invariant (b):
    /// every tab reads the same values and the shared layers hold the same versions.
    /// </summary>
    private Dictionary<string, SimNoteRecord?> CatchUp(Random order, out IReadOnlyList<ConflictRecord> log)
    {
        _step = 10_000;
        Browser.IndexedDbQuota = null;
        Browser.LocalStorageQuota = null;
        Browser.IndexedDbUnavailable = false;
        Browser.LocalStorageUnavailable = false;
        Open();
        _deviceProfile = "default";
        foreach (var session in _sessions.Where(s => s.Open && s.Away))
        {
            session.Away = false;
            Do($"tab {session.Id} switches back", () => session.Manager.SwitchUserAsync("default"));
        }

        for (var round = 0; ; round++)
        {
            var open = _sessions.Where(s => s.Open).OrderBy(_ => order.Next()).ToList();
            foreach (var session in open)
            {
                var messages = session.Tab.Held.OrderBy(_ => order.Next()).ToList();
                session.Tab.Held.Clear();
                messages.ForEach(session.Tab.Deliver);

                // The app reads its records (which repairs layers that lack or hold stale copies), then flushes.
                foreach (var key in Keys)
                {
                    Sync(() => session.Store.FindAsync(key).AsTask());
                }

                Sync(() => session.Manager.FlushAsync());
            }

            // A layer a tab saw fail is tried again by its retry timer, whose backoff may have
            // grown to MaxRetryDelay (5 min) while the fault lasted: later rounds give it that time.
            _world.Time.Advance(round < 2 ? TimeSpan.FromSeconds(2) : new OvasabiStateOptions().MaxRetryDelay);
            ObserveAll();
            if (_sessions.All(s => !s.Open || (!s.Manager.HasPendingWrites && s.Tab.Held.Count == 0)))
            {
                break;
            }

            if (round == 20)
            {
                var stuck = _sessions.Where(s => s.Open).Select(s => $"tab {s.Id}: {s.Tab.Held.Count} held, pending {s.Manager.DescribePending()}");
                throw new InvalidOperationException("the tabs did not settle in 20 rounds: writes keep coming back\n" + string.Join('\n', stuck));
            }
        }

        foreach (var session in _sessions.Where(s => s.Open))
        {
            Sync(() => session.Manager.ReloadAsync());
        }

        var reader = _sessions.Last(s => s.Open);
        var final = Keys.ToDictionary(k => k, k => Sync(() => reader.Store.FindAsync(k).AsTask()));
        foreach (var session in _sessions.Where(s => s.Open))
        {
            foreach (var key in Keys)
            {
                var seen = Sync(() => session.Store.FindAsync(key).AsTask());
                if (!Equals(seen, final[key]))
                {
                    _unexpected.Add($"(b) tab {session.Id} reads {key} as {seen?.ToString() ?? "deleted"}, tab {reader.Id} as {final[key]?.ToString() ?? "deleted"}; tab {session.Id}: {session.Store.Peek(key)}; tab {reader.Id}: {reader.Store.Peek(key)}");
                }
            }
        }

        foreach (var key in Keys)
        {
            // A tombstone and no copy at all both say "deleted" (a tombstone is not written where nothing is stored).
            var indexedDb = Raw.Read<SimNoteRecord>(StateLayer.IndexedDb, reader.Tab.Inner, reader.Manager.Identity.UserId, key)?.Stamp;
            var local = Raw.Read<SimNoteRecord>(StateLayer.Local, reader.Tab.Inner, reader.Manager.Identity.UserId, key)?.Stamp;
            if ((indexedDb is { Deleted: false } ? indexedDb.Version : StateVersion.None) != (local is { Deleted: false } ? local.Version : StateVersion.None))
            {
                _unexpected.Add($"(b) {key}: IndexedDB holds {indexedDb?.Version.ToString() ?? "nothing"}, localStorage {local?.Version.ToString() ?? "nothing"}");
            }
        }

        log = Sync(() => reader.Manager.GetConflictsAsync());
        var binding = SimNoteRecord.OvasabiStateBinding.Instance;
        foreach (var conflict in log)
        {
            _trace.Add($"  logged: {conflict.Key} [{string.Join(", ", conflict.Members)}] by [{string.Join(", ", conflict.DecidedBy)}]: ours {(conflict.OursDeleted ? "deleted" : binding.Deserialize(conflict.OursPayload).ToString())}, theirs {(conflict.TheirsDeleted ? "deleted" : binding.Deserialize(conflict.TheirsPayload).ToString())}, winner {conflict.Winner}");
        }

        return final;
    }

    private List<string> Values(string key, string member)
    {
        if (!_values.TryGetValue((key, member), out var list))
        {
            _values[(key, member)] = list = [string.Empty];
        }

        return list;
    }

    private void Do(string what, Func<Task> step)
    {
        _trace.Add($"{_step}: {what}");
        Sync(step);
    }

    /// <summary>Runs a step that must complete on this thread: the in-memory origin answers at once, so anything else is a scheduling bug.</summary>
    private static void Sync(Func<Task> step)
    {
        var task = step();
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("a step did not complete synchronously: the schedule would no longer be deterministic");
        }

        task.GetAwaiter().GetResult();
    }

    private static T Sync<T>(Func<Task<T>> step)
    {
        var task = step();
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("a step did not complete synchronously: the schedule would no longer be deterministic");
        }

        return task.GetAwaiter().GetResult();
    }

    private sealed class SimSession(int id, SimTab tab, StateSyncManager manager)
    {
        public int Id { get; } = id;

        public SimTab Tab { get; } = tab;

        public StateSyncManager Manager { get; } = manager;

        public OvasabiState.Stores.StateStore<SimNoteRecord> Store { get; } = (OvasabiState.Stores.StateStore<SimNoteRecord>)manager.Store<SimNoteRecord>();

        public bool Open { get; set; } = true;

        public bool Away { get; set; }

        /// <summary>The version of each key last seen in this tab (for the trace).</summary>
        public Dictionary<string, StateVersion?> Seen { get; } = new();
    }
}

/// <summary>What a schedule ended with: each key's final value (null: deleted), the invariant failures, and the steps taken.</summary>
internal sealed record SimulationResult(IReadOnlyDictionary<string, SimNoteRecord?> Final, IReadOnlyList<string> Problems, IReadOnlyList<string> Trace);
