using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Stores;

/// <summary>
/// A query whose whole answer IndexedDB gives (it is the only readable lower layer and nothing is
/// pending for it) takes that answer in one pass: these are the cases where that pass must still
/// agree with the rest of the store.
/// </summary>
public sealed class IndexedDbAnswerTests
{
    private static readonly Guid First = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Second = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Third = Guid.Parse("00000000-0000-0000-0000-000000000003");

    [Fact]
    public async Task A_damaged_record_in_the_answer_is_skipped_reported_by_key_and_left_in_place()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var good = Metrics(First, "gpu", minutes: 1);
        var later = Metrics(Third, "gpu", minutes: 3);
        Raw.PlantIndexedDb<PerformanceMetricsRecord>(browser.Browser, user, Raw.Entry(good));
        Raw.PlantIndexedDb<PerformanceMetricsRecord>(browser.Browser, user, Raw.Entry(later));
        var damaged = Raw.Entry(Metrics(Second, "gpu", minutes: 2)).Encode();
        damaged[^1] ^= 0xFF; // the payload no longer matches its content hash
        browser.Browser.PlantRecord(Raw.Database(user), "performance_metrics", new IndexedDbRecord(Second, damaged, Raw.IndexValues(Metrics(Second, "gpu", minutes: 2))));

        var session = await browser.OpenAsync();
        var found = await session.Store<PerformanceMetricsRecord>().QueryAsync("Tags", KeyRange.Only("gpu"));

        Assert.Equal([First, Third], found.Select(m => m.Id));
        var error = session.Errors.First(e => e.Key == (IndexKey)Second);
        Assert.Equal((StateLayer.IndexedDb, StorageFailure.Corrupt), (error.Layer, error.Failure));
        Assert.Equal(damaged, browser.Browser.Records(Raw.Database(user), "performance_metrics").Single(r => r.Key == (IndexKey)Second).Value);
        Assert.Equal([First, Third], (await session.Store<PerformanceMetricsRecord>().ListAsync()).Select(m => m.Id));
    }

    [Fact]
    public async Task A_list_is_every_stored_record_in_key_order_with_the_values_memory_holds()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<PerformanceMetricsRecord>();
        foreach (var id in new[] { Third, First, Second })
        {
            Raw.PlantIndexedDb<PerformanceMetricsRecord>(browser.Browser, session.UserId, Raw.Entry(Metrics(id, "gpu", minutes: 1)));
        }

        var held = await store.FindAsync(Second);
        var reads = browser.Browser.IndexedDbReads;
        var readAlls = ReadAlls(session);
        var listed = await store.ListAsync();

        Assert.Equal([First, Second, Third], listed.Select(m => m.Id));
        Assert.Same(held, listed[1]); // memory's entry, not a second copy decoded from storage
        Assert.Equal(1, browser.Browser.IndexedDbReads - reads);
        Assert.Equal(readAlls + 1, ReadAlls(session)); // counted in the metrics as a whole-store read
        Assert.Same(listed[2], await store.FindAsync(Third)); // now in memory
        Assert.Equal(1, browser.Browser.IndexedDbReads - reads);
    }

    [Fact]
    public async Task A_list_with_an_unflushed_delete_and_write_shows_memory_not_storage()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<PerformanceMetricsRecord>();
        await store.SetManyAsync([Metrics(First, "gpu", minutes: 1), Metrics(Second, "gpu", minutes: 2)]);
        await store.FlushAsync();

        await store.DeleteAsync(First);
        await store.SetAsync(Metrics(Third, "cpu", minutes: 3));

        Assert.Equal([Second, Third], (await store.ListAsync()).Select(m => m.Id));
        Assert.Equal([Third], (await store.QueryAsync("Tags", KeyRange.Only("cpu"))).Select(m => m.Id));
        Assert.Equal([Second], (await store.QueryAsync("Tags", KeyRange.Only("gpu"))).Select(m => m.Id));
    }

    [Fact]
    public async Task A_record_another_tab_changed_unheard_is_judged_by_the_value_this_tab_holds()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var session = await browser.OpenAsync();
        var store = session.Store<PerformanceMetricsRecord>();
        var mine = Metrics(First, "gpu", minutes: 1);
        await store.SetAsync(mine);
        await store.FlushAsync();

        // Another tab's write that reached IndexedDB, but whose message this tab has not heard yet.
        Raw.PlantIndexedDb<PerformanceMetricsRecord>(browser.Browser, user, Raw.Entry(mine with { Tags = ["cpu"] }, version: 2));

        Assert.Empty(await store.QueryAsync("Tags", KeyRange.Only("cpu")));
        Assert.Equal(["gpu"], (await store.FindAsync(First))!.Tags);
    }

    [Fact]
    public async Task Records_a_query_loads_while_localStorage_is_unavailable_are_pending_for_it()
    {
        var browser = new TestBrowser();
        browser.Browser.LocalStorageUnavailable = true;
        var session = await browser.OpenAsync();
        foreach (var i in Enumerable.Range(0, 6))
        {
            Raw.PlantIndexedDb<ComputeStateRecord>(browser.Browser, session.UserId, Raw.Entry(new ComputeStateRecord { Id = $"c{i}", Type = "fluid", Timestamp = i }));
        }

        var found = await session.Store<ComputeStateRecord>().QueryAsync("Timestamp", KeyRange.Between(2L, 4L));

        Assert.Equal(["c2", "c3", "c4"], found.Select(c => c.Id));
        Assert.Equal(3, (await session.LayerAsync(StateLayer.Local)).PendingWrites); // to be back-filled when it returns
    }

    private static long ReadAlls(TabSession session) =>
        session.Manager.GetMetrics().Layers.Single(l => l.Layer == StateLayer.IndexedDb).ReadAlls.Count;

    private static PerformanceMetricsRecord Metrics(Guid id, string tag, int minutes) =>
        new() { Id = id, RecordedAt = TestBrowser.Epoch.AddMinutes(minutes), Tags = [tag] };
}
