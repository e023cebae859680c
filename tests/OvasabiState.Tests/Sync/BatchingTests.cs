using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>N writes before a flush reach each lower layer as one batch.</summary>
public sealed class BatchingTests
{
    [Fact]
    public async Task Realtime_writes_within_the_delay_share_one_transaction_and_one_local_batch()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ComputeStateRecord>();
        var transactions = browser.Browser.IndexedDbTransactions;
        var batches = browser.Browser.LocalStorageBatches;

        for (var i = 0; i < 50; i++)
        {
            await store.SetAsync(new ComputeStateRecord { Id = $"c{i:00}", Type = "fluid", Timestamp = i });
        }

        await store.UpdateAsync("c07", c => c with { Timestamp = 700 });
        Assert.Equal(transactions, browser.Browser.IndexedDbTransactions);

        browser.Time.Advance(TestBrowser.RealtimeDelay);
        await Eventually.TrueAsync(() => browser.Browser.IndexedDbTransactions > transactions && browser.Browser.LocalStorageBatches > batches, "the realtime flush");
        Assert.Equal(1, browser.Browser.IndexedDbTransactions - transactions);
        Assert.Equal(1, browser.Browser.LocalStorageBatches - batches);
        Assert.Equal(50, Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId).Count);
        Assert.Equal(50, Raw.LocalKeys<ComputeStateRecord>(browser.Browser, session.UserId).Count);
        Assert.Equal(700, Raw.ValueIn<ComputeStateRecord>(StateLayer.IndexedDb, session.Tab, session.UserId, "c07")!.Timestamp);
    }

    [Fact]
    public async Task Periodic_writes_within_the_period_share_one_batch_per_layer()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<CampaignStateRecord>();
        var transactions = browser.Browser.TransactionsOn("campaign_states");
        var batches = browser.Browser.LocalStorageBatches;

        for (var i = 0; i < 20; i++)
        {
            await store.SetAsync(new CampaignStateRecord(i, "c" + i, CampaignStatus.Draft));
            browser.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // Before the period ends the writes wait, durable, in the outbox (rows written about once a second).
        Assert.Equal(0, browser.Browser.TransactionsOn("campaign_states") - transactions);
        Assert.Equal(20, browser.Browser.Records(Raw.Database(session.UserId), "ovasabi_outbox").Count);

        browser.Time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => browser.Browser.TransactionsOn("campaign_states") > transactions, "the periodic flush");
        Assert.Equal(1, browser.Browser.TransactionsOn("campaign_states") - transactions);
        Assert.Equal(1, browser.Browser.LocalStorageBatches - batches);
        Assert.Empty(browser.Browser.Records(Raw.Database(session.UserId), "ovasabi_outbox")); // taken everywhere: the rows are gone
        Assert.Equal(20, Raw.IndexedDbValues<CampaignStateRecord>(browser.Browser, session.UserId).Count);
        Assert.Equal(20, session.Tab.SessionStorage.Keys.Count(k => k.Contains(":campaign_states:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SetMany_and_deletes_before_a_manual_flush_go_out_as_one_batch()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ManualNoteRecord>();
        await store.SetManyAsync(Enumerable.Range(0, 10).Select(i => new ManualNoteRecord { Id = "n" + i, Title = "t" + i }));
        await store.FlushAsync();

        var transactions = browser.Browser.IndexedDbTransactions;
        var batches = browser.Browser.LocalStorageBatches;
        await store.SetManyAsync(Enumerable.Range(10, 5).Select(i => new ManualNoteRecord { Id = "n" + i }));
        Assert.True(await store.DeleteAsync("n0"));
        Assert.True(await store.DeleteAsync("n1"));
        await store.UpdateAsync("n2", n => n with { Title = "changed" });
        await store.FlushAsync();

        Assert.Equal(1, browser.Browser.IndexedDbTransactions - transactions);
        Assert.Equal(1, browser.Browser.LocalStorageBatches - batches);
        var stored = Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, session.UserId);
        Assert.Equal(13, stored.Count);
        Assert.DoesNotContain(stored, n => n.Id is "n0" or "n1");
        Assert.Equal("changed", stored.Single(n => n.Id == "n2").Title);
        Assert.Equal(13, Raw.LocalKeys<ManualNoteRecord>(browser.Browser, session.UserId).Count);
    }

    [Fact]
    public async Task A_flush_with_nothing_pending_writes_nothing()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await session.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1" });
        await session.Manager.FlushAsync();
        var transactions = browser.Browser.IndexedDbTransactions;
        var batches = browser.Browser.LocalStorageBatches;

        await session.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1" }); // same content: no write
        await session.Manager.FlushAsync();
        browser.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(transactions, browser.Browser.IndexedDbTransactions);
        Assert.Equal(batches, browser.Browser.LocalStorageBatches);
    }
}
