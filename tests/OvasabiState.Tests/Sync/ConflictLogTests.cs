using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using OvasabiState.Versions;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>The conflict log: a layered record of its own, persisted, listed newest first, and cleared everywhere.</summary>
public sealed class ConflictLogTests
{
    [Fact]
    public async Task Logged_conflicts_are_persisted_survive_a_reload_and_clear_removes_them_from_every_layer()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        for (var i = 0; i < 3; i++)
        {
            // Two independent copies per record: one conflict each.
            Raw.PlantIndexedDb<ManualNoteRecord>(browser.Browser, user, Raw.Entry(new ManualNoteRecord { Id = "n" + i, Title = "idb" }, at: TestBrowser.Epoch.AddSeconds(1), origin: "device-1"));
            Raw.PlantLocal<ManualNoteRecord>(browser.Browser, user, Raw.Entry(new ManualNoteRecord { Id = "n" + i, Title = "local" }, origin: "device-2"));
        }

        var first = await browser.OpenAsync();
        for (var i = 0; i < 3; i++)
        {
            browser.Time.Advance(System.TimeSpan.FromSeconds(1));
            Assert.Equal("idb", (await first.Store<ManualNoteRecord>().FindAsync("n" + i))!.Title);
        }

        Assert.Equal(3, first.Conflicts.Count);
        var log = await first.Manager.GetConflictsAsync();
        Assert.Equal(["s:n2", "s:n1", "s:n0"], log.Select(c => c.Key)); // newest first
        Assert.All(log, c => Assert.Equal(["Title"], c.Members));
        Assert.All(log, c => Assert.Equal("ours", c.Winner)); // the IndexedDB copy was written later
        Assert.Equal(3, (await first.Manager.GetSyncStatusAsync()).ConflictCount);

        // The log's realtime flush puts it in IndexedDB and localStorage.
        browser.Time.Advance(TestBrowser.RealtimeDelay);
        await Eventually.TrueAsync(() => browser.Browser.Records(Raw.Database(user), "ovasabi_conflicts").Count == 3, "the conflict log flush");
        Assert.Equal(3, Raw.LocalKeys<ConflictRecord>(browser.Browser, user).Count);
        var stored = Raw.IndexedDbValues<ConflictRecord>(browser.Browser, user);
        Assert.Equal(log.Select(c => c.Id).Order(), stored.Select(c => c.Id).Order());

        var reload = await browser.OpenAsync();
        Assert.Equal(log.Select(c => c.Id), (await reload.Manager.GetConflictsAsync()).Select(c => c.Id));
        Assert.Equal(3, (await reload.Manager.GetSyncStatusAsync()).ConflictCount);

        var statusChanges = reload.StatusChanges;
        await reload.Manager.ClearConflictsAsync();
        Assert.True(reload.StatusChanges > statusChanges);
        Assert.Empty(await reload.Manager.GetConflictsAsync());
        Assert.Equal(0, (await reload.Manager.GetSyncStatusAsync()).ConflictCount);
        Assert.Empty(Raw.IndexedDbValues<ConflictRecord>(browser.Browser, user)); // tombstones only
        Assert.Empty(Raw.LocalKeys<ConflictRecord>(browser.Browser, user));

        // The records themselves keep their resolved values.
        Assert.Equal("idb", (await reload.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
    }

    [Fact]
    public async Task The_conflict_event_carries_the_logged_record()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var idb = new ManualNoteRecord { Id = "n1", Title = "idb", Body = "same", Score = 2 };
        var local = idb with { Title = "local", Score = 9 };
        Raw.PlantIndexedDb<ManualNoteRecord>(browser.Browser, user, Raw.Entry(idb, at: TestBrowser.Epoch.AddSeconds(1), origin: "tab-x"));
        Raw.PlantLocal<ManualNoteRecord>(browser.Browser, user, Raw.Entry(local, origin: "tab-y"));

        var session = await browser.OpenAsync();
        await session.Store<ManualNoteRecord>().FindAsync("n1");

        var conflict = Assert.Single(session.Conflicts);
        Assert.Equal(conflict.Id, Assert.Single(await session.Manager.GetConflictsAsync()).Id);
        Assert.Equal(StateLayer.IndexedDb, conflict.OursLayer);
        Assert.Equal(StateLayer.Local, conflict.TheirsLayer);
        Assert.Equal("tab-y", conflict.TheirsOrigin);

        // No base: each member goes to its later write, even Score, whose Max policy needs a base.
        Assert.Equal(["Title", "Score"], conflict.Members);
        Assert.Equal(["LatestWrite", "LatestWrite"], conflict.DecidedBy);
        Assert.False(conflict.ThreeWay);
        ContentAssert.Same(conflict.MergedPayload, idb);
    }

    [Fact]
    public async Task Two_tabs_that_meet_one_delete_and_edit_from_opposite_sides_keep_one_whole_entry_of_it()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var original = new ManualNoteRecord { Id = "n1", Title = "t0", Body = "b0" };
        var created = Raw.Entry(original, origin: "device-0").Stamp.Version;
        var edit = Raw.Entry(original with { Title = "edited" }, at: TestBrowser.Epoch.AddSeconds(1), origin: "device-2", ancestors: [created]);
        var deleted = new StateVersion((TestBrowser.Epoch.AddSeconds(2).ToUnixTimeMilliseconds() << 16) | 1, HybridClock.WriterId("device-1"));
        var tombstone = new StoredEntry(new StateStamp(deleted, "device-1", TestBrowser.Epoch.AddSeconds(2), 0, true, [created], MemberVersions.Uniform(created).Erased()), []);
        Raw.PlantLocal<ManualNoteRecord>(browser.Browser, user, edit);

        // Tab B holds the edit before the delete, which never saw it, lands in IndexedDB.
        var b = await browser.OpenAsync();
        Assert.Equal("edited", (await b.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
        Raw.PlantIndexedDbTombstone<ManualNoteRecord>(browser.Browser, user, Raw.KeyOf(original), tombstone);

        // Tab A meets the delete first (ours) and the edit second; tab B meets them the other way round.
        // Neither log is flushed before the other is written (the clock stands still).
        var a = await browser.OpenAsync();
        Assert.Equal("edited", (await a.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
        await b.Manager.ReloadAsync();
        Assert.Equal("edited", (await b.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
        var fromA = Assert.Single(a.Conflicts);
        var fromB = Assert.Single(b.Conflicts);
        Assert.Equal(fromA.Id, fromB.Id); // one pair of versions, one id
        Assert.True(fromA.OursDeleted && !fromA.TheirsDeleted);
        Assert.True(!fromB.OursDeleted && fromB.TheirsDeleted);

        await a.Manager.FlushAsync();
        await b.Manager.FlushAsync();
        browser.Time.Advance(TestBrowser.RealtimeDelay);
        await Eventually.TrueAsync(() => browser.Browser.Records(Raw.Database(user), "ovasabi_conflicts").Count == 1, "the conflict log flush");

        // The stored entry is one tab's record whole, never members of both: exactly one side is the delete.
        var reload = await browser.OpenAsync();
        var stored = Assert.Single(await reload.Manager.GetConflictsAsync());
        var source = stored.OursDeleted ? fromA : fromB;
        Assert.Equal((source.OursDeleted, source.TheirsDeleted, source.OursLayer, source.TheirsLayer), (stored.OursDeleted, stored.TheirsDeleted, stored.OursLayer, stored.TheirsLayer));
        Assert.Equal(source.OursPayload, stored.OursPayload);
        Assert.Equal(source.TheirsPayload, stored.TheirsPayload);
    }
}
