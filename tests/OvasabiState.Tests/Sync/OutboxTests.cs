using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>
/// The durable outbox: a write that no layer has taken yet survives the tab that made it (a
/// crash, a closed tab), and the next tab of the origin takes it over; a live tab's writes are
/// never taken from it.
/// </summary>
public sealed class OutboxTests
{
    private static readonly CampaignStateRecord Campaign = new(7, "spring", CampaignStatus.Running);

    [Fact]
    public async Task A_periodic_write_is_kept_in_the_outbox_soon_after_it_is_made()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await session.Store<CampaignStateRecord>().SetAsync(Campaign);
        Assert.Empty(browser.Browser.Records(Raw.Database(session.UserId), "ovasabi_outbox"));

        browser.Time.Advance(TimeSpan.FromSeconds(1)); // OutboxDelay: the write is durable, 29 s before its flush
        var row = Assert.Single(browser.Browser.Records(Raw.Database(session.UserId), "ovasabi_outbox"));
        Assert.Equal(IndexKey.Array("campaign_states", ((IndexKey)7L).ToString(), session.Storage.InstanceId), row.Key);
        Assert.Empty(Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, session.UserId));
    }

    [Fact]
    public async Task A_tab_that_crashed_with_a_write_in_the_outbox_hands_it_to_the_next_tab_which_flushes_it()
    {
        var browser = new TestBrowser();
        var crashed = await browser.OpenAsync(tabId: "tab-crashed");
        await crashed.Store<CampaignStateRecord>().SetAsync(Campaign);
        browser.Time.Advance(TimeSpan.FromSeconds(1));
        browser.Browser.CloseTab(crashed.Tab); // gone without a page-hide flush
        crashed.Manager.Dispose();

        var next = await browser.OpenAsync(tabId: "tab-next");
        ContentAssert.Same(Campaign, await next.Store<CampaignStateRecord>().FindAsync(7L));
        await next.Manager.FlushAsync();

        ContentAssert.Same(Campaign, Assert.Single(Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, next.UserId)));
        ContentAssert.Same(Campaign, Raw.ValueIn<CampaignStateRecord>(StateLayer.Local, next.Tab, next.UserId, 7L));
        Assert.Empty(browser.Browser.Records(Raw.Database(next.UserId), "ovasabi_outbox")); // both tabs' rows are gone
    }

    [Fact]
    public async Task A_crashed_tabs_row_stays_while_the_tab_that_took_it_over_cannot_keep_it_so_a_third_tab_still_gets_the_write()
    {
        var browser = new TestBrowser();
        var crashed = await browser.OpenAsync(tabId: "tab-crashed");
        await crashed.Store<CampaignStateRecord>().SetAsync(Campaign);
        browser.Time.Advance(TimeSpan.FromSeconds(1));
        browser.Browser.CloseTab(crashed.Tab);
        crashed.Manager.Dispose();

        // The next tab takes the write over while storage is full: neither a layer nor its own row can hold it.
        browser.Browser.IndexedDbQuota = 1;
        browser.Browser.LocalStorageQuota = browser.Browser.LocalStorage.Sum(p => (long)p.Key.Length + p.Value.Length);
        var overwhelmed = await browser.OpenAsync(tabId: "tab-overwhelmed");
        ContentAssert.Same(Campaign, await overwhelmed.Store<CampaignStateRecord>().FindAsync(7L));
        await overwhelmed.Manager.FlushAsync();
        browser.Browser.CloseTab(overwhelmed.Tab); // and closes before the quota clears
        overwhelmed.Manager.Dispose();
        Assert.Single(browser.Browser.Records(Raw.Database(crashed.UserId), "ovasabi_outbox")); // the crashed tab's row is still there

        browser.Browser.IndexedDbQuota = null;
        browser.Browser.LocalStorageQuota = null;
        var third = await browser.OpenAsync(tabId: "tab-third");
        ContentAssert.Same(Campaign, await third.Store<CampaignStateRecord>().FindAsync(7L));
        await third.Manager.FlushAsync();
        ContentAssert.Same(Campaign, Assert.Single(Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, third.UserId)));
        Assert.Empty(browser.Browser.Records(Raw.Database(third.UserId), "ovasabi_outbox"));
    }

    [Fact]
    public async Task A_live_tabs_pending_write_is_not_taken_over_by_a_tab_opened_next_to_it()
    {
        var browser = new TestBrowser();
        var writer = await browser.OpenAsync(tabId: "tab-writer");
        await writer.Store<CampaignStateRecord>().SetAsync(Campaign);
        browser.Time.Advance(TimeSpan.FromSeconds(1));

        var other = await browser.OpenAsync(tabId: "tab-other");
        Assert.Null(await other.Store<CampaignStateRecord>().FindAsync(7L)); // periodic: not shared before its flush
        Assert.Single(browser.Browser.Records(Raw.Database(writer.UserId), "ovasabi_outbox"));
    }

    [Fact]
    public async Task A_long_lived_tab_takes_over_a_crashed_siblings_writes_at_its_next_maintenance()
    {
        var browser = new TestBrowser();
        var survivor = await browser.OpenAsync(tabId: "tab-survivor");
        var crashed = await browser.OpenAsync(tabId: "tab-crashed");
        await crashed.Store<CampaignStateRecord>().SetAsync(Campaign);
        browser.Time.Advance(TimeSpan.FromSeconds(1));
        browser.Browser.CloseTab(crashed.Tab);
        crashed.Manager.Dispose();

        browser.Time.Advance(TimeSpan.FromMinutes(5)); // maintenance
        await Eventually.TrueAsync(async () => await survivor.Store<CampaignStateRecord>().FindAsync(7L) is { } found && CampaignStateRecord.OvasabiStateBinding.Instance.ContentEquals(found, Campaign), "the survivor takes the write");
    }

    [Fact]
    public async Task Without_IndexedDB_pending_writes_stay_in_memory_across_a_user_switch_and_back()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        browser.Browser.IndexedDbUnavailable = true;
        var id = Guid.Parse("00000000-0000-0000-0000-00000000000c");
        await session.Store<PerformanceMetricsRecord>().SetAsync(new PerformanceMetricsRecord { Id = id, PeakFps = 48 });

        await session.Manager.SwitchUserAsync("guest");
        Assert.Null(await session.Store<PerformanceMetricsRecord>().FindAsync(id));
        await session.Manager.SwitchUserAsync("default");
        Assert.Equal(48, (await session.Store<PerformanceMetricsRecord>().FindAsync(id))!.PeakFps);
        Assert.Equal(1, (await session.LayerAsync(StateLayer.IndexedDb)).PendingWrites);

        browser.Browser.IndexedDbUnavailable = false;
        browser.Time.Advance(TimeSpan.FromMinutes(10)); // retries reopen IndexedDB and land the write
        await Eventually.TrueAsync(() => Raw.IndexedDbValues<PerformanceMetricsRecord>(browser.Browser, session.UserId).Count == 1, "the write lands once IndexedDB is back");
    }
}
