using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Stores;

/// <summary>Concurrent writers lose no update.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Two_hundred_parallel_increments_of_one_record_all_count()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<PerformanceMetricsRecord>();
        var id = Guid.Parse("00000000-0000-0000-0000-0000000000aa");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
            await store.UpdateAsync(id, m => m with { Id = id, FrameCount = m.FrameCount + 1 }))));

        Assert.Equal(200, (await store.FindAsync(id))!.FrameCount);
        await store.FlushAsync();
        Assert.Equal(200, Raw.ValueIn<PerformanceMetricsRecord>(StateLayer.IndexedDb, session.Tab, session.UserId, id)!.FrameCount);
    }

    [Fact]
    public async Task Parallel_increments_with_next_turn_flushes_running_between_them_all_count_and_all_persist()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync(realtimeDelay: TimeSpan.Zero);
        var store = session.Store<ComputeStateRecord>();
        await store.SetAsync(new ComputeStateRecord { Id = "c1", Type = "t" });

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            await store.UpdateAsync("c1", c => c with { Timestamp = c.Timestamp + 1 });
            if (i % 20 == 0)
            {
                await store.FlushAsync();
            }
        })));

        Assert.Equal(200, (await store.FindAsync("c1"))!.Timestamp);
        await store.FlushAsync();
        await Eventually.TrueAsync(
            () => Raw.ValueIn<ComputeStateRecord>(StateLayer.IndexedDb, session.Tab, session.UserId, "c1")?.Timestamp == 200
                && Raw.ValueIn<ComputeStateRecord>(StateLayer.Local, session.Tab, session.UserId, "c1")?.Timestamp == 200,
            "the last value persisted");
    }

    [Fact]
    public async Task Parallel_writers_of_different_records_with_concurrent_flushes_lose_none()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ManualNoteRecord>();

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            await store.SetAsync(new ManualNoteRecord { Id = $"n{i:000}", Edits = i });
            if (i % 10 == 0)
            {
                await session.Manager.FlushAsync();
            }
        })));
        await store.FlushAsync();

        Assert.Equal(100, (await store.ListAsync()).Count);
        var stored = Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, session.UserId);
        Assert.Equal(Enumerable.Range(0, 100), stored.Select(n => n.Edits).Order());
        Assert.Equal(100, Raw.LocalKeys<ManualNoteRecord>(browser.Browser, session.UserId).Count);
        Assert.All((await session.Manager.GetSyncStatusAsync()).Layers, l => Assert.Equal(0, l.PendingWrites));
    }

    [Fact]
    public async Task Counters_incremented_in_two_tabs_at_once_keep_both_increments()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync();
        var b = await browser.OpenAsync();
        var id = Guid.Parse("00000000-0000-0000-0000-0000000000bb");
        await a.Store<PerformanceMetricsRecord>().SetAsync(new PerformanceMetricsRecord { Id = id, FrameCount = 100 });
        await a.Store<PerformanceMetricsRecord>().FlushAsync();
        await b.Store<PerformanceMetricsRecord>().FindAsync(id);

        // Both tabs count frames in parallel (Add policy), each with its own tag, then both flush.
        var counting = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            var (tab, tag) = i % 2 == 0 ? (a, "a") : (b, "b");
            await tab.Store<PerformanceMetricsRecord>().UpdateAsync(id, m => m with { FrameCount = m.FrameCount + (tag == "a" ? 1 : 2), Tags = [tag] });
        }));
        await Task.WhenAll(counting);
        await a.Manager.FlushAsync();
        await b.Manager.FlushAsync();
        await a.Manager.FlushAsync();

        var expected = 100 + (30 * 1) + (30 * 2);
        await Eventually.TrueAsync(async () => (await a.Store<PerformanceMetricsRecord>().FindAsync(id))!.FrameCount == expected, "A converges");
        Assert.Equal(expected, (await b.Store<PerformanceMetricsRecord>().FindAsync(id))!.FrameCount);
        Assert.Equal(expected, Raw.ValueIn<PerformanceMetricsRecord>(StateLayer.IndexedDb, a.Tab, a.UserId, id)!.FrameCount);
    }
}
