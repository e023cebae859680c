using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OvasabiState.Identity;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Sync;
using OvasabiState.Versions;
using Xunit;

namespace OvasabiState.Tests.Stores;

/// <summary>One simulated browser origin on a fake clock; opens tabs (managers) over it.</summary>
internal sealed class TestBrowser
{
    /// <summary>The fake clock's start: every test runs at the same instants.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The realtime delay the harness uses, so realtime flushes happen only when the clock moves.</summary>
    public static readonly TimeSpan RealtimeDelay = TimeSpan.FromMilliseconds(10);

    public InMemoryBrowser Browser { get; } = new();

    public FakeTimeProvider Time { get; } = new(Epoch);

    /// <summary>Creates the device identity (as a first visit does) and returns the default user's id.</summary>
    public async Task<string> UserIdAsync()
    {
        using var identity = new UserIdentity(Browser.OpenTab());
        await identity.InitializeAsync();
        return identity.UserId;
    }

    /// <summary>Opens a tab and a manager over it, initialized unless told otherwise.</summary>
    public Task<TabSession> OpenAsync(bool initialize = true, TimeSpan? realtimeDelay = null, string? tabId = null) =>
        OpenAsync(Browser.OpenTab(tabId), initialize, realtimeDelay);

    /// <summary>Opens a manager over an existing storage (a wrapper, or the same tab again for a reload that keeps sessionStorage).</summary>
    public async Task<TabSession> OpenAsync(IBrowserStorage storage, bool initialize = true, TimeSpan? realtimeDelay = null)
    {
        var session = new TabSession(storage, new StateSyncManager(new OvasabiStateOptions
        {
            Storage = storage,
            TimeProvider = Time,
            RealtimeFlushDelay = realtimeDelay ?? RealtimeDelay,
        }));
        if (initialize)
        {
            await session.Manager.InitializeAsync();
        }

        return session;
    }
}

/// <summary>A manager over one tab, with every event it raised recorded.</summary>
internal sealed class TabSession
{
    private int _statusChanges;

    public TabSession(IBrowserStorage storage, StateSyncManager manager)
    {
        Storage = storage;
        Manager = manager;
        manager.ErrorOccurred += (_, error) => Errors.Enqueue(error);
        manager.ConflictDetected += (_, conflict) => Conflicts.Enqueue(conflict);
        manager.StatusChanged += (_, _) => System.Threading.Interlocked.Increment(ref _statusChanges);
        manager.StateChanged += (_, change) => Changes.Enqueue(change);
    }

    public IBrowserStorage Storage { get; }

    /// <summary>The in-memory tab (unwrapped when the storage is a test wrapper).</summary>
    public InMemoryBrowserStorage Tab => Storage as InMemoryBrowserStorage ?? ((HeldMessagesTab)Storage).Inner;

    public StateSyncManager Manager { get; }

    public ConcurrentQueue<StateError> Errors { get; } = new();

    public ConcurrentQueue<ConflictRecord> Conflicts { get; } = new();

    public ConcurrentQueue<StoreChange> Changes { get; } = new();

    public int StatusChanges => System.Threading.Volatile.Read(ref _statusChanges);

    public string UserId => Manager.Identity.UserId;

    public IStateStore<T> Store<T>()
        where T : ILayered<T> => Manager.Store<T>();

    public async Task<LayerStatus> LayerAsync(StateLayer layer) =>
        (await Manager.GetSyncStatusAsync()).Layers.Single(l => l.Layer == layer);
}

/// <summary>Reads and plants stored copies straight in the simulated browser, bypassing OvasabiState.</summary>
internal static class Raw
{
    public static string Database(string userId) => "ovasabi-" + userId;

    public static string WebKey<T>(string userId, IndexKey key)
        where T : ILayered<T> => $"ovs:{userId}:{T.Binding.Schema.Name}:{key}";

    public static IndexKey KeyOf<T>(T value)
        where T : ILayered<T> => T.Binding.HasKey ? T.Binding.GetKey(value) : IndexKey.Singleton;

    /// <summary>
    /// A stored copy of <paramref name="value"/> with a hand-made stamp: its version's clock is
    /// <paramref name="at"/> plus <paramref name="version"/> in the logical bits, its writer
    /// <paramref name="origin"/>.
    /// </summary>
    public static StoredEntry Entry<T>(T value, long version = 1, DateTimeOffset? at = null, string origin = "planted", params StateVersion[] ancestors)
        where T : ILayered<T>
    {
        var payload = T.Binding.Serialize(value);
        var written = at ?? TestBrowser.Epoch;
        var stamp = new StateVersion((written.ToUnixTimeMilliseconds() << 16) | version, HybridClock.WriterId(origin));
        return new StoredEntry(new StateStamp(stamp, origin, written, StateHash.Of(payload), false, ancestors, MemberVersions.Uniform(stamp)), payload);
    }

    public static ulong HashOf<T>(T value)
        where T : ILayered<T> => StateHash.Of(T.Binding.Serialize(value));

    public static void PlantLocal<T>(InMemoryBrowser browser, string userId, StoredEntry entry)
        where T : ILayered<T> =>
        browser.LocalStorage[WebKey<T>(userId, T.Binding.ReadKey(entry.Payload))] = VersionedText.Encode(entry.Stamp.Version.Token, entry.Encode());

    public static void PlantSession<T>(InMemoryBrowserStorage tab, string userId, StoredEntry entry)
        where T : ILayered<T> =>
        tab.SessionStorage[WebKey<T>(userId, T.Binding.ReadKey(entry.Payload))] = VersionedText.Encode(entry.Stamp.Version.Token, entry.Encode());

    public static void PlantIndexedDb<T>(InMemoryBrowser browser, string userId, StoredEntry entry)
        where T : ILayered<T>
    {
        var value = T.Binding.Deserialize(entry.Payload);
        browser.PlantRecord(Database(userId), T.Binding.Schema.Name, new IndexedDbRecord(KeyOf(value), entry.Encode(), IndexValues(value)) { Version = entry.Stamp.Version.Token });
    }

    /// <summary>Plants a tombstone of <paramref name="key"/> (an entry without payload or index values).</summary>
    public static void PlantIndexedDbTombstone<T>(InMemoryBrowser browser, string userId, IndexKey key, StoredEntry tombstone)
        where T : ILayered<T> =>
        browser.PlantRecord(Database(userId), T.Binding.Schema.Name, new IndexedDbRecord(key, tombstone.Encode(), new Dictionary<string, IndexKey>()) { Version = tombstone.Stamp.Version.Token });

    /// <summary>Plants one copy in the given layer (Session in <paramref name="tab"/>).</summary>
    public static void Plant<T>(StateLayer layer, InMemoryBrowserStorage tab, string userId, StoredEntry entry)
        where T : ILayered<T>
    {
        switch (layer)
        {
            case StateLayer.IndexedDb:
                PlantIndexedDb<T>(tab.Browser, userId, entry);
                break;
            case StateLayer.Local:
                PlantLocal<T>(tab.Browser, userId, entry);
                break;
            case StateLayer.Session:
                PlantSession<T>(tab, userId, entry);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layer));
        }
    }

    /// <summary>The decoded copy a layer holds for <paramref name="key"/>, or null.</summary>
    public static StoredEntry? Read<T>(StateLayer layer, InMemoryBrowserStorage tab, string userId, IndexKey key)
        where T : ILayered<T>
    {
        byte[]? bytes = layer switch
        {
            StateLayer.IndexedDb => tab.Browser.Records(Database(userId), T.Binding.Schema.Name).FirstOrDefault(r => r.Key == key)?.Value,
            StateLayer.Local => tab.Browser.LocalStorage.TryGetValue(WebKey<T>(userId, key), out var local) ? VersionedText.Decode(local) : null,
            StateLayer.Session => tab.SessionStorage.TryGetValue(WebKey<T>(userId, key), out var session) ? VersionedText.Decode(session) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(layer)),
        };
        return bytes is null ? null : StoredEntry.Decode(bytes, T.Binding.TypeName);
    }

    /// <summary>The value a layer holds for <paramref name="key"/>, or default (also for a tombstone).</summary>
    public static T? ValueIn<T>(StateLayer layer, InMemoryBrowserStorage tab, string userId, IndexKey key)
        where T : ILayered<T> =>
        Read<T>(layer, tab, userId, key) is { Stamp.Deleted: false } entry ? T.Binding.Deserialize(entry.Payload) : default;

    /// <summary>Every live record of a store in the user's IndexedDB database, decoded (tombstones left out).</summary>
    public static IReadOnlyList<T> IndexedDbValues<T>(InMemoryBrowser browser, string userId)
        where T : ILayered<T> =>
        browser.Records(Database(userId), T.Binding.Schema.Name)
            .Select(r => StoredEntry.Decode(r.Value, T.Binding.TypeName))
            .Where(e => !e.Stamp.Deleted)
            .Select(e => T.Binding.Deserialize(e.Payload)).ToList();

    /// <summary>True when a layer holds a tombstone of <paramref name="key"/> (or nothing at all).</summary>
    public static bool IsDeletedIn<T>(StateLayer layer, InMemoryBrowserStorage tab, string userId, IndexKey key)
        where T : ILayered<T> =>
        Read<T>(layer, tab, userId, key) is not { Stamp.Deleted: false };

    /// <summary>The localStorage keys of a store's live records for a user (tombstones left out).</summary>
    public static IReadOnlyList<string> LocalKeys<T>(InMemoryBrowser browser, string userId)
        where T : ILayered<T> =>
        browser.LocalStorage.Where(p => p.Key.StartsWith($"ovs:{userId}:{T.Binding.Schema.Name}:", StringComparison.Ordinal) &&
                                        !StoredEntry.Decode(VersionedText.Decode(p.Value), T.Binding.TypeName).Stamp.Deleted)
            .Select(p => p.Key).ToList();

    /// <summary>The index values IndexedDB would hold for <paramref name="value"/> (as the runtime computes them).</summary>
    public static Dictionary<string, IndexKey> IndexValues<T>(T value)
        where T : ILayered<T>
    {
        var binding = T.Binding;
        var ordinals = binding.Schema.IndexedMembers.Select((member, ordinal) => (member, ordinal)).ToDictionary(p => p.member, p => p.ordinal);
        return binding.Schema.Indexes.ToDictionary(
            index => index.Name,
            index =>
            {
                var parts = index.KeyPath.Select(member => binding.GetIndexedValue(value, ordinals[member])).ToArray();
                return parts.Length == 1 ? parts[0] : parts.Any(p => p.Kind == IndexKeyKind.None) ? IndexKey.None : IndexKey.Array(parts);
            });
    }
}

/// <summary>Polling for work that runs on the thread pool (the zero-delay realtime flush, background handlers).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(5);
        }

        Assert.Fail($"Timed out waiting for: {what}");
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(5);
        }

        Assert.Fail($"Timed out waiting for: {what}");
    }
}
