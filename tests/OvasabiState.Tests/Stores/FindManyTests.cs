using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Stores;

/// <summary><c>FindManyAsync</c>: many known keys read together, with what a single find would give for each.</summary>
public sealed class FindManyTests
{
    [Fact]
    public async Task Keys_memory_lacks_are_read_with_one_call_per_layer_and_absent_keys_are_left_out()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        foreach (var i in Enumerable.Range(0, 6))
        {
            Raw.PlantIndexedDb<ComputeStateRecord>(browser.Browser, session.UserId, Raw.Entry(new ComputeStateRecord { Id = $"c{i}", Type = "fluid", Timestamp = i }));
        }

        var store = session.Store<ComputeStateRecord>();
        var held = await store.FindAsync("c0");
        var (indexedDb, webStorage) = (browser.Browser.IndexedDbReads, browser.Browser.WebStorageReads);

        var found = await store.FindManyAsync(["c0", "c3", "c5", "c5", "missing"]);

        Assert.Equal(new IndexKey[] { "c0", "c3", "c5" }, found.Keys.Order());
        Assert.Same(held, found["c0"]);
        Assert.Equal(5, found["c5"].Timestamp);
        Assert.Equal(1, browser.Browser.IndexedDbReads - indexedDb);
        Assert.Equal(1, browser.Browser.WebStorageReads - webStorage);
        Assert.Same(found["c3"], await store.FindAsync("c3")); // now in memory
        Assert.Equal(1, browser.Browser.IndexedDbReads - indexedDb);
    }

    [Fact]
    public async Task With_IndexedDB_the_only_readable_layer_the_keys_come_from_one_read_and_the_other_layers_are_marked_to_fill()
    {
        var browser = new TestBrowser();
        browser.Browser.LocalStorageUnavailable = true;
        var session = await browser.OpenAsync();
        foreach (var i in Enumerable.Range(0, 4))
        {
            Raw.PlantIndexedDb<ComputeStateRecord>(browser.Browser, session.UserId, Raw.Entry(new ComputeStateRecord { Id = $"c{i}", Type = "gas", Timestamp = i }));
        }

        var indexedDb = browser.Browser.IndexedDbReads;
        var found = await session.Store<ComputeStateRecord>().FindManyAsync(["c1", "c2", "c9"]);

        Assert.Equal(new IndexKey[] { "c1", "c2" }, found.Keys.Order());
        Assert.Equal(1, browser.Browser.IndexedDbReads - indexedDb);
        Assert.Equal(2, (await session.LayerAsync(StateLayer.Local)).PendingWrites); // to be back-filled when it returns
    }

    [Fact]
    public async Task An_unflushed_delete_stays_deleted_and_an_unflushed_write_is_found()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var notes = session.Store<ManualNoteRecord>();
        await notes.SetManyAsync([new ManualNoteRecord { Id = "n1", Title = "one" }, new ManualNoteRecord { Id = "n2", Title = "two" }]);
        await notes.FlushAsync();

        await notes.DeleteAsync("n1");
        await notes.SetAsync(new ManualNoteRecord { Id = "n3", Title = "three" });

        var found = await notes.FindManyAsync(["n1", "n2", "n3"]);
        Assert.Equal(["two", "three"], found.Values.OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => n.Title));

        var reload = await browser.OpenAsync();
        Assert.Equal(["n1", "n2"], (await reload.Store<ManualNoteRecord>().FindManyAsync(["n1", "n2", "n3"])).Values.Select(n => n.Id).Order());
    }

    [Fact]
    public async Task A_damaged_stored_copy_is_reported_by_key_and_the_key_left_out()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var good = new PerformanceMetricsRecord { Id = Guid.Parse("00000000-0000-0000-0000-000000000001"), RecordedAt = TestBrowser.Epoch };
        var damagedId = Guid.Parse("00000000-0000-0000-0000-000000000002");
        Raw.PlantIndexedDb<PerformanceMetricsRecord>(browser.Browser, session.UserId, Raw.Entry(good));
        var damaged = Raw.Entry(good with { Id = damagedId }).Encode();
        damaged[^1] ^= 0xFF;
        browser.Browser.PlantRecord(Raw.Database(session.UserId), "performance_metrics", new IndexedDbRecord(damagedId, damaged, Raw.IndexValues(good with { Id = damagedId })));

        var found = await session.Store<PerformanceMetricsRecord>().FindManyAsync([good.Id, damagedId]);

        Assert.Equal(new IndexKey[] { good.Id }, found.Keys);
        var error = session.Errors.First(e => e.Key == (IndexKey)damagedId);
        Assert.Equal((StateLayer.IndexedDb, StorageFailure.Corrupt), (error.Layer, error.Failure));
    }
}
