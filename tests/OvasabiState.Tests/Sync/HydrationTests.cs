using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>
/// Hydration: which copy a first read takes for every combination of layers holding one, and
/// how the other layers are back-filled. ManualNoteRecord has the default order (IndexedDb,
/// Local, Session below memory); SessionFirstNoteRecord the reverse.
/// </summary>
public sealed class HydrationTests
{
    /// <summary>Every non-empty subset of the three lower layers, as a bit mask over the record's priority order.</summary>
    public static TheoryData<int> AnyLayers => new() { 1, 2, 3, 4, 5, 6, 7 };

    /// <summary>Every subset holding at least two copies.</summary>
    public static TheoryData<int> SeveralLayers => new() { 3, 5, 6, 7 };

    [Theory]
    [MemberData(nameof(AnyLayers))]
    public Task Default_order_one_copy_in_any_layers_is_read_and_back_filled(int mask) =>
        OneCopyIsReadAndBackFilled(mask, id => new ManualNoteRecord { Id = id, Title = "planted", Edits = 3, Labels = ["a"] });

    [Theory]
    [MemberData(nameof(AnyLayers))]
    public Task Reversed_order_one_copy_in_any_layers_is_read_and_back_filled(int mask) =>
        OneCopyIsReadAndBackFilled(mask, id => new SessionFirstNoteRecord { Id = id, Text = "planted", Count = 3 });

    [Theory]
    [MemberData(nameof(SeveralLayers))]
    public Task Default_order_diverged_copies_the_latest_write_wins_and_each_other_copy_is_logged(int mask) =>
        LatestCopyWins(mask, (id, layer) => new ManualNoteRecord { Id = id, Title = "from " + layer, Edits = (int)layer, Body = "same" });

    [Theory]
    [MemberData(nameof(SeveralLayers))]
    public Task Reversed_order_diverged_copies_the_latest_write_wins_and_each_other_copy_is_logged(int mask) =>
        LatestCopyWins(mask, (id, layer) => new SessionFirstNoteRecord { Id = id, Text = "from " + layer, Count = (int)layer });

    [Fact]
    public async Task Nothing_anywhere_find_is_null_get_is_the_generated_default_and_nothing_is_back_filled()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ManualNoteRecord>();

        Assert.Null(await store.FindAsync("missing"));
        ContentAssert.Same(ManualNoteRecord.OvasabiStateBinding.Instance.CreateDefault(), await store.GetAsync("missing"));
        var preferences = await session.Store<UserPreferencesRecord>().GetAsync();
        Assert.Equal(new UserPreferencesRecord(), preferences);
        Assert.Equal(10_000, preferences.ParticleCount);

        var status = await session.Manager.GetSyncStatusAsync();
        Assert.All(status.Layers, l => Assert.Equal(0, l.PendingWrites));
        Assert.All(status.Layers.Where(l => l.Layer != StateLayer.Memory), l => Assert.Equal(0, l.Entries));
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_lower_priority_copy_that_descends_from_the_higher_one_wins_by_fast_forward_without_a_conflict()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var old = new ManualNoteRecord { Id = "n1", Title = "old", Edits = 1 };
        var newer = old with { Title = "newer", Edits = 2 };
        var first = Raw.Entry(old, version: 1);
        var second = Raw.Entry(newer, version: 2, ancestors: first.Stamp.Version);
        Raw.PlantIndexedDb<ManualNoteRecord>(browser.Browser, user, first);
        Raw.PlantLocal<ManualNoteRecord>(browser.Browser, user, second);

        var session = await browser.OpenAsync(tab);
        var changes = new List<StateChange<ManualNoteRecord>>();
        session.Store<ManualNoteRecord>().Changed += (_, change) => changes.Add(change);
        ContentAssert.Same(newer, await session.Store<ManualNoteRecord>().FindAsync("n1"));

        Assert.Empty(session.Conflicts);
        Assert.Empty(await session.Manager.GetConflictsAsync());
        var change = Assert.Single(changes);
        Assert.Equal(StateChangeKind.Remote, change.Kind); // a lower layer had a newer copy, which was taken
        Assert.Equal(1, (await session.LayerAsync(StateLayer.IndexedDb)).PendingWrites);
        Assert.Equal(0, (await session.LayerAsync(StateLayer.Local)).PendingWrites);
        Assert.Equal(1, (await session.LayerAsync(StateLayer.Session)).PendingWrites);

        await session.Manager.FlushAsync();
        foreach (var layer in new[] { StateLayer.IndexedDb, StateLayer.Local, StateLayer.Session })
        {
            var stored = Raw.Read<ManualNoteRecord>(layer, tab, user, "n1");
            Assert.Equal(Raw.HashOf(newer), stored!.Stamp.ContentHash);
            Assert.Equal(second.Stamp.Version, stored.Stamp.Version);
        }
    }

    [Fact]
    public async Task A_lower_priority_copy_that_is_an_ancestor_of_the_higher_one_is_fast_forwarded()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var old = new ManualNoteRecord { Id = "n1", Title = "old" };
        var newer = old with { Title = "newer" };
        var first = Raw.Entry(old, version: 1);
        Raw.PlantIndexedDb<ManualNoteRecord>(browser.Browser, user, Raw.Entry(newer, version: 2, ancestors: first.Stamp.Version));
        Raw.PlantSession<ManualNoteRecord>(tab, user, first);

        var session = await browser.OpenAsync(tab);
        ContentAssert.Same(newer, await session.Store<ManualNoteRecord>().FindAsync("n1"));
        Assert.Empty(session.Conflicts);
        Assert.Empty(session.Changes); // the value shown is the first copy read: nothing changed

        await session.Manager.FlushAsync();
        ContentAssert.Same(newer, Raw.ValueIn<ManualNoteRecord>(StateLayer.Session, tab, user, "n1"));
        ContentAssert.Same(newer, Raw.ValueIn<ManualNoteRecord>(StateLayer.Local, tab, user, "n1"));
    }

    [Fact]
    public async Task An_unreadable_top_copy_is_skipped_reported_and_repaired_from_the_next_readable_one()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var good = new ManualNoteRecord { Id = "n1", Title = "good" };
        var corrupt = Raw.Entry(good with { Title = "top" }).Encode();
        corrupt[^1] ^= 0xFF; // the payload no longer matches its content hash
        browser.Browser.PlantRecord(Raw.Database(user), "manual_notes", new IndexedDbRecord("n1", corrupt, new Dictionary<string, IndexKey>()));
        Raw.PlantLocal<ManualNoteRecord>(browser.Browser, user, Raw.Entry(good));

        var session = await browser.OpenAsync(tab);
        ContentAssert.Same(good, await session.Store<ManualNoteRecord>().FindAsync("n1"));

        var error = Assert.Single(session.Errors, e => e.Layer == StateLayer.IndexedDb);
        Assert.Equal(StorageFailure.Corrupt, error.Failure);
        Assert.Equal("manual_notes", error.Store);
        Assert.Equal((IndexKey)"n1", error.Key);
        Assert.Equal(OvasabiState.Serialization.StateFormatError.ChecksumMismatch, Assert.IsType<OvasabiState.Serialization.StateFormatException>(error.Exception).Error);
        Assert.Equal(StorageFailure.Corrupt, (await session.LayerAsync(StateLayer.IndexedDb)).LastFailure);

        await session.Manager.FlushAsync();
        ContentAssert.Same(good, Raw.ValueIn<ManualNoteRecord>(StateLayer.IndexedDb, tab, user, "n1"));
        ContentAssert.Same(good, Raw.ValueIn<ManualNoteRecord>(StateLayer.Session, tab, user, "n1"));
    }

    [Fact]
    public async Task A_reload_on_the_same_tab_reads_session_storage_and_a_new_tab_does_not()
    {
        var browser = new TestBrowser();
        var tab = browser.Browser.OpenTab();
        var first = await browser.OpenAsync(tab);
        var sessionStore = first.Store<UserSessionRecord>();
        await sessionStore.SetAsync(new UserSessionRecord { SessionId = "s1", PageViews = 4 });
        await sessionStore.FlushAsync();
        await first.Manager.DisposeAsync();

        var reload = await browser.OpenAsync(tab);
        Assert.Equal(4, (await reload.Store<UserSessionRecord>().FindAsync("s1"))!.PageViews);

        var otherTab = await browser.OpenAsync();
        Assert.Null(await otherTab.Store<UserSessionRecord>().FindAsync("s1"));
    }

    private static async Task OneCopyIsReadAndBackFilled<T>(int mask, Func<string, T> make)
        where T : ILayered<T>
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var lower = T.Binding.Layers.Where(l => l != StateLayer.Memory).ToList();
        var held = lower.Where((_, i) => (mask & (1 << i)) != 0).ToList();
        var value = make("r1");
        var entry = Raw.Entry(value, version: 4);
        foreach (var layer in held)
        {
            Raw.Plant<T>(layer, tab, user, entry);
        }

        var session = await browser.OpenAsync(tab);
        ContentAssert.Same(value, await session.Store<T>().FindAsync("r1"));
        Assert.Empty(session.Conflicts);
        Assert.Empty(session.Errors);
        foreach (var layer in lower)
        {
            Assert.Equal(held.Contains(layer) ? 0 : 1, (await session.LayerAsync(layer)).PendingWrites);
        }

        var transactions = browser.Browser.IndexedDbTransactions;
        var batches = browser.Browser.LocalStorageBatches;
        await session.Store<T>().FlushAsync();

        // Each missing layer got the winning copy unchanged (same stamp); layers holding it were not rewritten.
        foreach (var layer in lower)
        {
            Assert.Equal(entry.Stamp, Raw.Read<T>(layer, tab, user, "r1")!.Stamp);
        }

        Assert.Equal(held.Contains(StateLayer.IndexedDb) ? 0 : 1, browser.Browser.IndexedDbTransactions - transactions);
        Assert.Equal(held.Contains(StateLayer.Local) ? 0 : 1, browser.Browser.LocalStorageBatches - batches);
        Assert.All((await session.Manager.GetSyncStatusAsync()).Layers, l => Assert.Equal(0, l.PendingWrites));
    }

    /// <summary>
    /// Independent copies in each held layer, written a minute apart (sessionStorage's last): no
    /// lineage relates them, so each member goes to its later write, and every other copy is
    /// logged as a conflict against the copy it met. (The lower a layer's number, the later its
    /// copy here, so the latest copy is in a high-priority layer in one order and a low one in the other.)
    /// </summary>
    private static async Task LatestCopyWins<T>(int mask, Func<string, StateLayer, T> make)
        where T : ILayered<T>
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var lower = T.Binding.Layers.Where(l => l != StateLayer.Memory).ToList();
        var held = lower.Where((_, i) => (mask & (1 << i)) != 0).ToList();
        var copies = held.ToDictionary(l => l, l => make("r1", l));
        foreach (var layer in held)
        {
            // Independent copies: no stamp lists another's version, so nothing but their times tells them apart.
            Raw.Plant<T>(layer, tab, user, Raw.Entry(copies[layer], version: 10 - (int)layer, at: TestBrowser.Epoch.AddMinutes(-(int)layer), origin: "planted-" + layer));
        }

        var latest = held.OrderBy(l => (int)l).First();
        var session = await browser.OpenAsync(tab);
        ContentAssert.Same(copies[latest], await session.Store<T>().FindAsync("r1"));

        var logged = await session.Manager.GetConflictsAsync();
        Assert.Equal(held.Count - 1, session.Conflicts.Count);
        Assert.Equal(held.Count - 1, logged.Count);
        Assert.Equal(held.Count - 1, (await session.Manager.GetSyncStatusAsync()).ConflictCount);
        foreach (var other in held.Skip(1))
        {
            var conflict = Assert.Single(logged, c => c.TheirsLayer == other);
            Assert.Equal(T.Binding.Schema.Name, conflict.Store);
            Assert.Equal(T.Binding.TypeName, conflict.TypeName);
            Assert.Equal(((IndexKey)"r1").ToString(), conflict.Key);
            Assert.Equal(held[0], conflict.OursLayer);
            Assert.Equal("planted-" + other, conflict.TheirsOrigin);
            Assert.NotEmpty(conflict.Members);
            Assert.All(conflict.DecidedBy, d => Assert.Equal("LatestWrite", d));
            Assert.False(conflict.ThreeWay);
            Assert.Equal(TestBrowser.Epoch, conflict.DetectedAt);
            ContentAssert.Same(conflict.TheirsPayload, copies[other]);
            // Met in priority order: after each copy, memory holds the latest of the copies met so far.
            var latestSoFar = held.Take(held.IndexOf(other) + 1).OrderBy(l => (int)l).First();
            ContentAssert.Same(conflict.MergedPayload, copies[latestSoFar]);
        }

        await session.Manager.FlushAsync();
        foreach (var layer in lower)
        {
            ContentAssert.Same(copies[latest], Raw.ValueIn<T>(layer, tab, user, "r1"));
        }

        // The conflict log reached its own layers (IndexedDB and localStorage).
        Assert.Equal(held.Count - 1, browser.Browser.Records(Raw.Database(user), "ovasabi_conflicts").Count);
        Assert.Equal(held.Count - 1, Raw.LocalKeys<ConflictRecord>(browser.Browser, user).Count);
    }

    [Fact]
    public async Task A_realtime_record_whose_copies_conflict_at_hydration_has_the_losing_layer_repaired_without_an_explicit_flush()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var earlier = new ComputeStateRecord { Id = "c1", Type = "alpha", Timestamp = 1 };
        var later = new ComputeStateRecord { Id = "c1", Type = "beta", Timestamp = 2 };
        Raw.PlantIndexedDb<ComputeStateRecord>(browser.Browser, user, Raw.Entry(later, at: TestBrowser.Epoch.AddSeconds(1), origin: "device-1"));
        Raw.PlantLocal<ComputeStateRecord>(browser.Browser, user, Raw.Entry(earlier, origin: "device-2"));

        var session = await browser.OpenAsync();
        ContentAssert.Same(later, await session.Store<ComputeStateRecord>().FindAsync("c1"));
        Assert.Single(session.Conflicts);

        // The realtime flush logs the conflict, then writes the winner over localStorage's copy.
        browser.Time.Advance(TestBrowser.RealtimeDelay);
        await Eventually.TrueAsync(() => Raw.ValueIn<ComputeStateRecord>(StateLayer.Local, session.Tab, user, "c1")?.Type == "beta", "localStorage repaired");
        Assert.Single(await session.Manager.GetConflictsAsync());
    }
}
