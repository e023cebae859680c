using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>
/// The seven ways the first wave lost a write with no conflict logged (issue 12), each in its own
/// words. Every one of them failed on the first wave's runtime; the versions, compare-and-set
/// writes, tombstones, outbox and retries make each pass.
/// </summary>
public sealed class LostWriteScenarioTests
{
    private static readonly ManualNoteRecord Start = new() { Id = "n1", Title = "t0", Body = "b0" };

    [Fact]
    public async Task Scenario_1_a_tab_closes_after_its_edit_and_a_new_tab_still_reads_it()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync(tabId: "tab-a");
        var bTab = new HeldMessagesTab(browser.Browser.OpenTab("tab-b"));
        var b = await browser.OpenAsync(bTab);
        await a.Store<ManualNoteRecord>().SetAsync(Start);
        await a.Store<ManualNoteRecord>().FlushAsync();
        bTab.DeliverAll();
        ContentAssert.Same(Start, await b.Store<ManualNoteRecord>().FindAsync("n1"));

        await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Title = "A's title" });
        await b.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Body = "B's body" });
        await a.Store<ManualNoteRecord>().FlushAsync();
        await b.Store<ManualNoteRecord>().FlushAsync(); // before B has heard of A's flush
        browser.Browser.CloseTab(a.Tab);
        a.Manager.Dispose();

        var c = await browser.OpenAsync(tabId: "tab-c");
        ContentAssert.Same(Start with { Title = "A's title", Body = "B's body" }, await c.Store<ManualNoteRecord>().FindAsync("n1"));
    }

    [Fact]
    public async Task Scenario_2_a_revert_to_an_earlier_value_is_a_newer_write_not_an_older_one()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync(tabId: "tab-a");
        var bTab = new HeldMessagesTab(browser.Browser.OpenTab("tab-b"));
        var b = await browser.OpenAsync(bTab);
        await a.Store<ManualNoteRecord>().SetAsync(Start);
        await a.Store<ManualNoteRecord>().FlushAsync();
        bTab.DeliverAll();
        await b.Store<ManualNoteRecord>().FindAsync("n1");

        await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Title = "x" });
        await a.Store<ManualNoteRecord>().FlushAsync();
        bTab.DeliverAll();
        await Eventually.TrueAsync(async () => (await b.Store<ManualNoteRecord>().FindAsync("n1"))!.Title == "x", "B takes A's title");

        await b.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Title = "t0" }); // the revert, not flushed
        await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Body = "A's body" });
        await a.Store<ManualNoteRecord>().FlushAsync();
        bTab.DeliverAll();

        await Eventually.TrueAsync(async () => (await b.Store<ManualNoteRecord>().FindAsync("n1"))!.Body == "A's body", "B hears A's body");
        ContentAssert.Same(Start with { Body = "A's body" }, await b.Store<ManualNoteRecord>().FindAsync("n1"));
        await b.Store<ManualNoteRecord>().FlushAsync();
        var c = await browser.OpenAsync(tabId: "tab-c");
        ContentAssert.Same(Start with { Body = "A's body" }, await c.Store<ManualNoteRecord>().FindAsync("n1"));
    }

    [Fact]
    public async Task Scenario_3_a_retention_purge_by_a_tab_opened_later_does_not_take_an_unflushed_edit()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync(tabId: "tab-a");
        var id = Guid.Parse("00000000-0000-0000-0000-00000000000a");
        // Another device wrote the metric two days ago (retention: one day).
        await a.Manager.WriteLayerCopyAsync(StateLayer.IndexedDb, new PerformanceMetricsRecord { Id = id, PeakFps = 30 }, "device", browser.Time.GetUtcNow() - TimeSpan.FromDays(2));
        await a.Store<PerformanceMetricsRecord>().UpdateAsync(id, m => m with { PeakFps = 90 }); // Periodic: not flushed

        var b = await browser.OpenAsync(tabId: "tab-b"); // its start-up maintenance purges the stored (old) copy
        Assert.Null(await b.Store<PerformanceMetricsRecord>().FindAsync(id));

        await a.Store<PerformanceMetricsRecord>().FlushAsync();
        var c = await browser.OpenAsync(tabId: "tab-c");
        Assert.Equal(90, (await c.Store<PerformanceMetricsRecord>().FindAsync(id))!.PeakFps);
        var conflict = Assert.Single(await c.Manager.GetConflictsAsync());
        Assert.True(conflict.OursDeleted != conflict.TheirsDeleted); // an edit against a delete, both sides kept in the log
    }

    [Fact]
    public async Task Scenario_3_a_remote_delete_does_not_take_an_unflushed_edit()
    {
        var browser = new TestBrowser();
        var aTab = new HeldMessagesTab(browser.Browser.OpenTab("tab-a"));
        var a = await browser.OpenAsync(aTab);
        var b = await browser.OpenAsync(tabId: "tab-b");
        await b.Store<ManualNoteRecord>().SetAsync(Start);
        await b.Store<ManualNoteRecord>().FlushAsync();
        aTab.DeliverAll();
        await a.Store<ManualNoteRecord>().FindAsync("n1");

        await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Title = "kept" });
        Assert.True(await b.Store<ManualNoteRecord>().DeleteAsync("n1"));
        await b.Store<ManualNoteRecord>().FlushAsync();
        aTab.DeliverAll();

        await Eventually.TrueAsync(() => a.Conflicts.Count == 1, "A logs the edit against the delete");
        Assert.Equal("kept", (await a.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
        await a.Store<ManualNoteRecord>().FlushAsync();
        var c = await browser.OpenAsync(tabId: "tab-c");
        Assert.Equal("kept", (await c.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
    }

    [Fact]
    public async Task Scenario_4_a_user_switch_made_through_the_identity_keeps_unflushed_writes()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await session.Store<ManualNoteRecord>().SetAsync(Start with { Title = "not flushed" });

        await session.Manager.Identity.SwitchUserAsync("other");
        await Eventually.TrueAsync(() => session.Manager.Identity.Profile == "other", "the switch");
        await Eventually.TrueAsync(async () => await session.Store<ManualNoteRecord>().FindAsync("n1") is null, "the other user sees nothing");
        await session.Manager.Identity.SwitchUserAsync("default");
        await Eventually.TrueAsync(async () => (await session.Store<ManualNoteRecord>().FindAsync("n1"))?.Title == "not flushed", "the write is back");
    }

    [Fact]
    public async Task Scenario_4_a_user_switch_keeps_writes_a_full_localStorage_refused()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var used = browser.Browser.LocalStorage.Sum(p => (long)p.Key.Length + p.Value.Length);
        browser.Browser.LocalStorageQuota = used + 400; // room for the identity and clock items, not for the preference
        var preference = new UserPreferencesRecord { Language = new string('x', 2_000), Theme = Theme.Dark };
        await session.Store<UserPreferencesRecord>().SetAsync(preference);
        await session.Store<UserPreferencesRecord>().FlushAsync();
        Assert.Contains(session.Errors, e => e.Layer == StateLayer.Local && e.Failure == StorageFailure.QuotaExceeded);

        await session.Manager.SwitchUserAsync("other");
        Assert.Equal(new UserPreferencesRecord(), await session.Store<UserPreferencesRecord>().GetAsync());
        await session.Manager.SwitchUserAsync("default");
        Assert.Equal(preference, await session.Store<UserPreferencesRecord>().GetAsync());
    }

    [Fact]
    public async Task Scenario_4_ReloadAsync_with_IndexedDB_unavailable_keeps_the_only_copy()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        browser.Browser.IndexedDbUnavailable = true;
        var id = Guid.Parse("00000000-0000-0000-0000-00000000000b");
        await session.Store<PerformanceMetricsRecord>().SetAsync(new PerformanceMetricsRecord { Id = id, PeakFps = 60 });
        await session.Store<PerformanceMetricsRecord>().FlushAsync();

        await session.Manager.ReloadAsync();
        Assert.Equal(60, (await session.Store<PerformanceMetricsRecord>().FindAsync(id))!.PeakFps);
    }

    [Fact]
    public async Task Scenario_5_a_record_too_large_for_localStorage_never_blocks_the_others_and_the_error_names_it()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var used = browser.Browser.LocalStorage.Sum(p => (long)p.Key.Length + p.Value.Length);
        browser.Browser.LocalStorageQuota = used + 5_000;
        var store = session.Store<ComputeStateRecord>();
        await store.SetAsync(new ComputeStateRecord { Id = "a-big", Type = "t", Data = new float[10_000] }); // first in line
        await store.SetManyAsync(Enumerable.Range(0, 5).Select(i => new ComputeStateRecord { Id = $"small-{i}", Type = "t" }));
        await store.FlushAsync();

        Assert.Equal(5, Raw.LocalKeys<ComputeStateRecord>(browser.Browser, session.UserId).Count);
        var error = Assert.Single(session.Errors, e => e.Layer == StateLayer.Local);
        Assert.Equal((IndexKey)"a-big", error.Key);
        Assert.Equal(StorageFailure.QuotaExceeded, error.Failure);
        Assert.Equal(1, (await session.LayerAsync(StateLayer.Local)).PendingWrites);
        Assert.Equal(6, Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId).Count);
    }

    [Fact]
    public async Task Scenario_5_a_record_too_large_for_IndexedDBs_quota_never_blocks_the_others_and_the_error_names_it()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        browser.Browser.IndexedDbQuota = 8_000;
        var store = session.Store<ManualNoteRecord>();
        await store.SetManyAsync(Enumerable.Range(0, 5).Select(i => new ManualNoteRecord { Id = $"small-{i}" }).Prepend(new ManualNoteRecord { Id = "a-big", Body = new string('x', 20_000) }));
        await store.FlushAsync();

        Assert.Equal(5, Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, session.UserId).Count);
        var error = Assert.Single(session.Errors, e => e.Layer == StateLayer.IndexedDb && e.Store == "manual_notes");
        Assert.Equal((IndexKey)"a-big", error.Key);
        Assert.Contains("a-big", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_6_a_refused_realtime_write_is_retried_on_its_own()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        browser.Browser.IndexedDbQuota = 10;
        await session.Store<ComputeStateRecord>().SetAsync(new ComputeStateRecord { Id = "c1", Type = "t" });
        browser.Time.Advance(TestBrowser.RealtimeDelay); // the realtime flush: refused
        Assert.Empty(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId));

        browser.Browser.IndexedDbQuota = null; // room again; nothing else is written
        browser.Time.Advance(TimeSpan.FromSeconds(1)); // the first retry
        await Eventually.TrueAsync(() => Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId).Count == 1, "the retry lands the write");
        Assert.Equal(0, (await session.LayerAsync(StateLayer.IndexedDb)).PendingWrites);
    }

    [Fact]
    public async Task Scenario_7_no_timer_fires_after_Dispose()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await session.Store<ComputeStateRecord>().SetAsync(new ComputeStateRecord { Id = "c1", Type = "t" });
        session.Manager.Dispose();

        browser.Time.Advance(TimeSpan.FromMinutes(10)); // the realtime flush, periodic sync and maintenance would all be due
        await Task.Delay(50);
        Assert.Empty(session.Errors);
        Assert.Empty(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId));
    }

    [Fact]
    public async Task Scenario_7_no_timer_fires_after_DisposeAsync_which_flushes_first()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await session.Store<ComputeStateRecord>().SetAsync(new ComputeStateRecord { Id = "c1", Type = "t" });
        await session.Manager.DisposeAsync();
        Assert.Single(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId));

        browser.Time.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(50);
        Assert.Empty(session.Errors);
    }
}
