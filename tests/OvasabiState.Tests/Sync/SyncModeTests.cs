using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>When each sync mode reaches the lower layers, on the fake clock.</summary>
public sealed class SyncModeTests
{
    [Fact]
    public async Task Realtime_flushes_after_the_configured_delay_and_not_before()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync(realtimeDelay: TimeSpan.FromMilliseconds(10));
        await session.Store<ComputeStateRecord>().SetAsync(new ComputeStateRecord { Id = "c1", Type = "fluid" });

        browser.Time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Empty(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId));
        Assert.Empty(Raw.LocalKeys<ComputeStateRecord>(browser.Browser, session.UserId));
        Assert.Equal(1, (await session.LayerAsync(StateLayer.IndexedDb)).PendingWrites);

        browser.Time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => Raw.LocalKeys<ComputeStateRecord>(browser.Browser, session.UserId).Count == 1, "the realtime flush");
        Assert.Equal("fluid", Assert.Single(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId)).Type);
        Assert.Equal(0, (await session.LayerAsync(StateLayer.IndexedDb)).PendingWrites);
        Assert.Equal(TestBrowser.Epoch.AddMilliseconds(10), (await session.LayerAsync(StateLayer.IndexedDb)).LastSync);
    }

    [Fact]
    public async Task Realtime_with_zero_delay_flushes_on_the_next_turn_without_the_clock_moving()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync(realtimeDelay: TimeSpan.Zero);
        await session.Store<ComputeStateRecord>().SetAsync(new ComputeStateRecord { Id = "c1", Type = "fluid" });

        await Eventually.TrueAsync(
            () => Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId).Count == 1 && Raw.LocalKeys<ComputeStateRecord>(browser.Browser, session.UserId).Count == 1,
            "the next-turn flush");
        Assert.Equal(TestBrowser.Epoch, browser.Time.GetUtcNow());
    }

    [Fact]
    public async Task Periodic_flushes_at_the_default_30_seconds_not_at_29()
    {
        var browser = new TestBrowser();
        var tab = browser.Browser.OpenTab();
        var session = await browser.OpenAsync(tab);
        await session.Store<CampaignStateRecord>().SetAsync(new CampaignStateRecord(7, "spring", CampaignStatus.Running));

        browser.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, session.UserId));
        Assert.Empty(Raw.LocalKeys<CampaignStateRecord>(browser.Browser, session.UserId));
        Assert.Null(Raw.Read<CampaignStateRecord>(StateLayer.Session, tab, session.UserId, 7L));

        browser.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Raw.Read<CampaignStateRecord>(StateLayer.Session, tab, session.UserId, 7L) is not null, "the periodic flush");
        Assert.Equal("spring", Assert.Single(Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, session.UserId)).Name);
        Assert.Single(Raw.LocalKeys<CampaignStateRecord>(browser.Browser, session.UserId));

        // And again every 30 seconds after that.
        await session.Store<CampaignStateRecord>().UpdateAsync(7L, c => c with { Name = "summer" });
        browser.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("spring", Raw.ValueIn<CampaignStateRecord>(StateLayer.IndexedDb, tab, session.UserId, 7L)!.Name);
        browser.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Raw.ValueIn<CampaignStateRecord>(StateLayer.IndexedDb, tab, session.UserId, 7L)!.Name == "summer", "the second periodic flush");
    }

    [Fact]
    public async Task Periodic_interval_comes_from_the_options()
    {
        var browser = new TestBrowser();
        var tab = browser.Browser.OpenTab();
        var manager = new StateSyncManager(new OvasabiStateOptions { Storage = tab, TimeProvider = browser.Time, PeriodicSyncInterval = TimeSpan.FromSeconds(5) });
        await manager.InitializeAsync();
        await manager.Store<CampaignStateRecord>().SetAsync(new CampaignStateRecord(1, "a", CampaignStatus.Draft));

        browser.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, manager.Identity.UserId));
        browser.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, manager.Identity.UserId).Count == 1, "the 5 s flush");
    }

    [Fact]
    public async Task Manual_waits_for_an_explicit_flush_however_long_the_clock_runs()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ManualNoteRecord>();
        await store.SetAsync(new ManualNoteRecord { Id = "n1", Title = "draft" });

        browser.Time.Advance(TimeSpan.FromHours(2));
        Assert.Empty(Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, session.UserId));
        Assert.Empty(Raw.LocalKeys<ManualNoteRecord>(browser.Browser, session.UserId));
        Assert.Equal(1, (await session.LayerAsync(StateLayer.Local)).PendingWrites);

        await store.FlushAsync();
        Assert.Equal("draft", Assert.Single(Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, session.UserId)).Title);
        Assert.Single(Raw.LocalKeys<ManualNoteRecord>(browser.Browser, session.UserId));
        Assert.Equal("draft", Raw.ValueIn<ManualNoteRecord>(StateLayer.Session, session.Tab, session.UserId, "n1")!.Title);
    }

    [Fact]
    public async Task Page_hide_flushes_manual_and_periodic_writes()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await session.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1", Title = "draft" });
        await session.Store<CampaignStateRecord>().SetAsync(new CampaignStateRecord(3, "c", CampaignStatus.Paused));
        var statusChanges = session.StatusChanges;

        session.Tab.RaisePageHide();

        await Eventually.TrueAsync(
            () => Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, session.UserId).Count == 1 && Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, session.UserId).Count == 1,
            "the page-hide flush");
        Assert.Single(Raw.LocalKeys<ManualNoteRecord>(browser.Browser, session.UserId));
        Assert.Single(Raw.LocalKeys<CampaignStateRecord>(browser.Browser, session.UserId));
        await Eventually.TrueAsync(() => session.StatusChanges > statusChanges, "StatusChanged after the flush");
        Assert.All((await session.Manager.GetSyncStatusAsync()).Layers, l => Assert.Equal(0, l.PendingWrites));
    }

    [Fact]
    public async Task Hydration_back_fill_of_a_periodic_record_waits_for_the_period()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var campaign = new CampaignStateRecord(9, "from session", CampaignStatus.Finished);
        Raw.PlantSession<CampaignStateRecord>(tab, user, Raw.Entry(campaign));

        var session = await browser.OpenAsync(tab);
        Assert.Equal("from session", (await session.Store<CampaignStateRecord>().FindAsync(9L))!.Name);

        browser.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, user));
        browser.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, user).Count == 1, "the periodic back-fill");
        Assert.Equal("from session", Raw.ValueIn<CampaignStateRecord>(StateLayer.Local, tab, user, 9L)!.Name);
    }

    [Fact]
    public async Task SyncAsync_writes_and_flushes_at_once_whatever_the_mode()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await session.Manager.SyncAsync(new ManualNoteRecord { Id = "n1", Title = "now" });
        Assert.Equal("now", Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, session.UserId).Single().Title);
    }
}
