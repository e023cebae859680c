using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Serialization;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>Storage boundary failures: the typed error reaches status and events, the other layers keep the data, nothing is dropped.</summary>
public sealed class FailureTests
{
    private static readonly ComputeStateRecord Compute = new() { Id = "c1", Type = "fluid", Data = [1f, 2f, 3f], Timestamp = 42 };

    [Fact]
    public async Task LocalStorage_unavailable_at_start_shows_in_status_and_events_and_the_app_runs_from_memory_and_IndexedDB()
    {
        var browser = new TestBrowser();
        browser.Browser.LocalStorageUnavailable = true;
        var session = await browser.OpenAsync();

        var local = await session.LayerAsync(StateLayer.Local);
        Assert.False(local.Available);
        Assert.Equal(StorageFailure.Unavailable, local.LastFailure);
        Assert.NotNull(local.LastError);
        var error = Assert.Single(session.Errors, e => e.Layer == StateLayer.Local);
        Assert.Equal(StorageFailure.Unavailable, error.Failure);
        Assert.IsType<StorageException>(error.Exception);
        Assert.True((await session.LayerAsync(StateLayer.IndexedDb)).Available);

        await session.Store<ComputeStateRecord>().SetAsync(Compute);
        await session.Store<UserPreferencesRecord>().SetAsync(new UserPreferencesRecord { Theme = Theme.Dark }); // memory and Local only
        await session.Manager.FlushAsync();

        ContentAssert.Same(Compute, await session.Store<ComputeStateRecord>().FindAsync("c1"));
        Assert.Equal(Theme.Dark, (await session.Store<UserPreferencesRecord>().GetAsync()).Theme);
        ContentAssert.Same(Compute, Assert.Single(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId)));
        Assert.Empty(browser.Browser.LocalStorage);
        Assert.Equal(0, (await session.LayerAsync(StateLayer.IndexedDb)).PendingWrites);
    }

    [Fact]
    public async Task IndexedDB_unavailable_at_start_keeps_working_from_localStorage_and_is_back_filled_once_it_returns()
    {
        var browser = new TestBrowser();
        browser.Browser.IndexedDbUnavailable = true;
        var first = await browser.OpenAsync();

        var idb = await first.LayerAsync(StateLayer.IndexedDb);
        Assert.False(idb.Available);
        Assert.Equal(StorageFailure.Unavailable, idb.LastFailure);
        Assert.Contains(first.Errors, e => e.Layer == StateLayer.IndexedDb && e.Failure == StorageFailure.Unavailable);

        await first.Store<ComputeStateRecord>().SetAsync(Compute);
        await first.Manager.FlushAsync();
        Assert.Single(Raw.LocalKeys<ComputeStateRecord>(browser.Browser, first.UserId));
        Assert.Empty(browser.Browser.Databases);

        var reload = await browser.OpenAsync();
        ContentAssert.Same(Compute, await reload.Store<ComputeStateRecord>().FindAsync("c1"));
        Assert.Single(await reload.Store<ComputeStateRecord>().QueryAsync("Type", KeyRange.Only("fluid")));

        browser.Browser.IndexedDbUnavailable = false;
        var recovered = await browser.OpenAsync();
        ContentAssert.Same(Compute, await recovered.Store<ComputeStateRecord>().FindAsync("c1"));
        Assert.Equal(1, (await recovered.LayerAsync(StateLayer.IndexedDb)).PendingWrites);
        await recovered.Manager.FlushAsync();
        ContentAssert.Same(Compute, Assert.Single(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, recovered.UserId)));
    }

    [Fact]
    public async Task SessionStorage_unavailable_keeps_session_records_in_memory()
    {
        var browser = new TestBrowser();
        var tab = browser.Browser.OpenTab();
        tab.SessionStorageUnavailable = true;
        var session = await browser.OpenAsync(tab);

        var status = await session.LayerAsync(StateLayer.Session);
        Assert.False(status.Available);
        Assert.Equal(StorageFailure.Unavailable, status.LastFailure);
        Assert.Contains(session.Errors, e => e.Layer == StateLayer.Session && e.Failure == StorageFailure.Unavailable);

        await session.Store<UserSessionRecord>().SetAsync(new UserSessionRecord { SessionId = "s1", PageViews = 3 });
        browser.Time.Advance(TestBrowser.RealtimeDelay);
        await session.Manager.FlushAsync();
        Assert.Equal(3, (await session.Store<UserSessionRecord>().FindAsync("s1"))!.PageViews);
        Assert.Empty(tab.SessionStorage);
    }

    [Fact]
    public async Task A_layer_unavailable_in_one_tab_does_not_keep_its_writes_from_reaching_the_other_tabs()
    {
        var browser = new TestBrowser();
        var tabA = browser.Browser.OpenTab();
        tabA.SessionStorageUnavailable = true;
        var a = await browser.OpenAsync(tabA);
        var b = await browser.OpenAsync();
        await a.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1", Title = "v1" });
        await a.Manager.FlushAsync();
        Assert.Equal("v1", (await b.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);

        await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Title = "v2" });
        await a.Manager.FlushAsync();

        await Eventually.TrueAsync(async () => (await b.Store<ManualNoteRecord>().FindAsync("n1"))!.Title == "v2", "B hears A's write");
    }

    [Fact]
    public async Task LocalStorage_quota_exceeded_reports_the_error_keeps_the_write_pending_and_writes_it_once_there_is_room()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        browser.Browser.LocalStorageQuota = browser.Browser.LocalStorage.Sum(p => (long)p.Key.Length + p.Value.Length) + 20;

        await session.Store<ComputeStateRecord>().SetAsync(Compute);
        browser.Time.Advance(TestBrowser.RealtimeDelay);
        await Eventually.TrueAsync(() => session.Errors.Any(e => e.Layer == StateLayer.Local), "the quota error");

        var error = session.Errors.Single(e => e.Layer == StateLayer.Local);
        Assert.Equal(StorageFailure.QuotaExceeded, error.Failure);
        Assert.Equal("compute_states", error.Store);
        Assert.Equal((IndexKey)"c1", error.Key);
        Assert.Equal(StorageFailure.QuotaExceeded, Assert.IsType<StorageException>(error.Exception).Failure);

        var local = await session.LayerAsync(StateLayer.Local);
        Assert.True(local.Available);
        Assert.Equal(StorageFailure.QuotaExceeded, local.LastFailure);
        Assert.Equal(1, local.PendingWrites);
        Assert.Equal(0, (await session.LayerAsync(StateLayer.IndexedDb)).PendingWrites);
        ContentAssert.Same(Compute, Assert.Single(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId)));
        ContentAssert.Same(Compute, await session.Store<ComputeStateRecord>().FindAsync("c1"));
        Assert.Empty(Raw.LocalKeys<ComputeStateRecord>(browser.Browser, session.UserId));

        // Still full: retried, still pending, nothing lost.
        await session.Store<ComputeStateRecord>().FlushAsync();
        Assert.Equal(1, (await session.LayerAsync(StateLayer.Local)).PendingWrites);

        browser.Browser.LocalStorageQuota = null;
        await session.Store<ComputeStateRecord>().FlushAsync();
        local = await session.LayerAsync(StateLayer.Local);
        Assert.Equal(0, local.PendingWrites);
        Assert.Null(local.LastFailure);
        ContentAssert.Same(Compute, Raw.ValueIn<ComputeStateRecord>(StateLayer.Local, session.Tab, session.UserId, "c1"));
    }

    [Fact]
    public async Task IndexedDB_quota_exceeded_keeps_the_record_in_localStorage_and_memory_until_there_is_room()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        browser.Browser.IndexedDbQuota = 10;

        await session.Store<ComputeStateRecord>().SetAsync(Compute);
        await session.Store<ComputeStateRecord>().FlushAsync();

        // The record is refused by key; the outbox (also IndexedDB) cannot take it either, and says so.
        var error = Assert.Single(session.Errors, e => e.Store == "compute_states");
        Assert.Equal((StateLayer.IndexedDb, StorageFailure.QuotaExceeded, (IndexKey?)"c1"), (error.Layer, error.Failure, error.Key));
        Assert.Contains("c1", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(StorageFailure.QuotaExceeded, Assert.Single(session.Errors, e => e.Store == "ovasabi_outbox").Failure);
        Assert.Equal(1, (await session.LayerAsync(StateLayer.IndexedDb)).PendingWrites);
        Assert.Equal(StorageFailure.QuotaExceeded, (await session.LayerAsync(StateLayer.IndexedDb)).LastFailure);
        ContentAssert.Same(Compute, Raw.ValueIn<ComputeStateRecord>(StateLayer.Local, session.Tab, session.UserId, "c1"));
        Assert.Empty(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId));

        browser.Browser.IndexedDbQuota = null;
        await session.Store<ComputeStateRecord>().FlushAsync();
        ContentAssert.Same(Compute, Assert.Single(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId)));
        Assert.Equal(0, (await session.LayerAsync(StateLayer.IndexedDb)).PendingWrites);
    }

    /// <summary>Unreadable text under a record's localStorage key: not base64, base64 of junk, a truncated entry, a flipped payload bit.</summary>
    public static TheoryData<string> CorruptLocalValues => new()
    {
        "not base64 at all!",
        Convert.ToBase64String([1, 2, 3, 4, 5]),
        Convert.ToBase64String(Raw.Entry(Compute).Encode()[..20]),
        Convert.ToBase64String(FlipLastByte(Raw.Entry(Compute with { Type = "other" }).Encode())),
    };

    [Theory]
    [MemberData(nameof(CorruptLocalValues))]
    public async Task Corrupt_bytes_in_localStorage_are_reported_and_the_value_comes_from_IndexedDB(string corrupt)
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        Raw.PlantIndexedDb<ComputeStateRecord>(browser.Browser, user, Raw.Entry(Compute));
        Raw.PlantIndexedDb<ComputeStateRecord>(browser.Browser, user, Raw.Entry(Compute with { Id = "c2" }));
        Raw.PlantLocal<ComputeStateRecord>(browser.Browser, user, Raw.Entry(Compute with { Id = "c2" }));
        browser.Browser.LocalStorage[Raw.WebKey<ComputeStateRecord>(user, "c1")] = corrupt;

        // Start-up (retention reads every key) must survive it.
        var session = await browser.OpenAsync();
        ContentAssert.Same(Compute, await session.Store<ComputeStateRecord>().FindAsync("c1"));
        Assert.Equal(["c1", "c2"], (await session.Store<ComputeStateRecord>().ListAsync()).Select(c => c.Id));

        var error = session.Errors.First(e => e.Layer == StateLayer.Local);
        Assert.Equal(StorageFailure.Corrupt, error.Failure);
        Assert.Equal("compute_states", error.Store);
        Assert.IsType<StateFormatException>(error.Exception);
        Assert.Contains(session.Errors, e => e.Layer == StateLayer.Local && e.Key == (IndexKey)"c1");
        var local = await session.LayerAsync(StateLayer.Local);
        Assert.Equal(StorageFailure.Corrupt, local.LastFailure);
        Assert.True(local.Available);
        Assert.Equal(1, local.PendingWrites); // the repair

        // The app keeps running: writes and the repair go through.
        await session.Store<ComputeStateRecord>().UpdateAsync("c2", c => c with { Timestamp = 7 });
        await session.Store<ComputeStateRecord>().FlushAsync();
        ContentAssert.Same(Compute, Raw.ValueIn<ComputeStateRecord>(StateLayer.Local, session.Tab, user, "c1"));
        Assert.Equal(7, Raw.ValueIn<ComputeStateRecord>(StateLayer.Local, session.Tab, user, "c2")!.Timestamp);
        Assert.Null((await session.LayerAsync(StateLayer.Local)).LastFailure);
    }

    [Fact]
    public async Task Corrupt_bytes_in_IndexedDB_are_reported_and_the_value_comes_from_localStorage()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        browser.Browser.PlantRecord(Raw.Database(user), "compute_states", new IndexedDbRecord("c1", [0x53, 1, 2], Raw.IndexValues(Compute)));
        Raw.PlantLocal<ComputeStateRecord>(browser.Browser, user, Raw.Entry(Compute));

        var session = await browser.OpenAsync();
        ContentAssert.Same(Compute, await session.Store<ComputeStateRecord>().FindAsync("c1"));
        var error = session.Errors.First(e => e.Key == (IndexKey)"c1");
        Assert.Equal((StateLayer.IndexedDb, StorageFailure.Corrupt), (error.Layer, error.Failure));
        Assert.All(session.Errors, e => Assert.Equal(StateLayer.IndexedDb, e.Layer));
        Assert.IsType<StateFormatException>(error.Exception);

        await session.Manager.FlushAsync();
        ContentAssert.Same(Compute, Raw.ValueIn<ComputeStateRecord>(StateLayer.IndexedDb, session.Tab, user, "c1"));
    }

    [Fact]
    public async Task A_record_whose_only_copy_is_corrupt_reads_as_absent_with_the_error_reported_and_the_bytes_left_in_place()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var key = Raw.WebKey<UserPreferencesRecord>(user, IndexKey.Singleton);
        browser.Browser.LocalStorage[key] = "%%%";

        var session = await browser.OpenAsync();
        Assert.Equal(new UserPreferencesRecord(), await session.Store<UserPreferencesRecord>().GetAsync());
        Assert.Contains(session.Errors, e => e.Layer == StateLayer.Local && e.Failure == StorageFailure.Corrupt);
        Assert.Equal("%%%", browser.Browser.LocalStorage[key]);
    }

    private static byte[] FlipLastByte(byte[] bytes)
    {
        bytes[^1] ^= 0x01;
        return bytes;
    }
}
