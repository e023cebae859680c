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

/// <summary>Retention deletes exactly the records whose newest copy is older than the type's retention.</summary>
public sealed class RetentionTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Start_up_removes_exactly_the_expired_records_from_every_layer()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var now = TestBrowser.Epoch;
        var computeAges = new Dictionary<string, TimeSpan>
        {
            ["old"] = TimeSpan.FromDays(30),
            ["just-expired"] = TimeSpan.FromDays(7) + Ms,
            ["just-kept"] = TimeSpan.FromDays(7) - Ms,
            ["fresh"] = TimeSpan.FromHours(1),
        };
        foreach (var (id, age) in computeAges)
        {
            var entry = Raw.Entry(new ComputeStateRecord { Id = id, Type = "t" }, at: now - age);
            Raw.PlantIndexedDb<ComputeStateRecord>(browser.Browser, user, entry);
            Raw.PlantLocal<ComputeStateRecord>(browser.Browser, user, entry);
        }

        var metricsOld = Guid.Parse("00000000-0000-0000-0000-000000000001");
        var metricsNew = Guid.Parse("00000000-0000-0000-0000-000000000002");
        Raw.PlantIndexedDb<PerformanceMetricsRecord>(browser.Browser, user, Raw.Entry(new PerformanceMetricsRecord { Id = metricsOld }, at: now - TimeSpan.FromHours(25)));
        Raw.PlantIndexedDb<PerformanceMetricsRecord>(browser.Browser, user, Raw.Entry(new PerformanceMetricsRecord { Id = metricsNew }, at: now - TimeSpan.FromHours(23)));

        // No retention: kept however old.
        Raw.PlantIndexedDb<ManualNoteRecord>(browser.Browser, user, Raw.Entry(new ManualNoteRecord { Id = "ancient" }, at: now - TimeSpan.FromDays(3650)));

        // The newest copy counts: an old IndexedDB copy with a fresh descendant in localStorage is kept.
        var stale = new ComputeStateRecord { Id = "refreshed", Type = "t" };
        var staleEntry = Raw.Entry(stale, at: now - TimeSpan.FromDays(9));
        Raw.PlantIndexedDb<ComputeStateRecord>(browser.Browser, user, staleEntry);
        Raw.PlantLocal<ComputeStateRecord>(browser.Browser, user, Raw.Entry(stale with { Timestamp = 1 }, version: 2, at: now - TimeSpan.FromDays(1), ancestors: staleEntry.Stamp.Version));

        var session = await browser.OpenAsync();

        var status = await session.Manager.GetSyncStatusAsync();
        Assert.Equal(3, status.RetentionRemoved);
        Assert.Equal(now, status.LastRetentionRun);
        Assert.Equal(["fresh", "just-kept", "refreshed"], Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, user).Select(c => c.Id).Order());
        Assert.Equal(3, Raw.LocalKeys<ComputeStateRecord>(browser.Browser, user).Count);
        Assert.True(Raw.Read<ComputeStateRecord>(StateLayer.Local, session.Tab, user, "old")!.Stamp.Deleted); // a tombstone: a tab still holding it learns it is gone
        Assert.Equal([metricsNew], Raw.IndexedDbValues<PerformanceMetricsRecord>(browser.Browser, user).Select(m => m.Id));
        Assert.Single(Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, user));
        Assert.Equal(["fresh", "just-kept", "refreshed"], (await session.Store<ComputeStateRecord>().ListAsync()).Select(c => c.Id));
        Assert.Equal(3, session.Changes.Count(c => c.Kind == StateChangeKind.Expired));
    }

    [Fact]
    public async Task The_maintenance_timer_removes_a_record_once_its_last_write_is_older_than_the_retention()
    {
        var browser = new TestBrowser();
        var tab = browser.Browser.OpenTab();
        var manager = new StateSyncManager(new OvasabiStateOptions
        {
            Storage = tab,
            TimeProvider = browser.Time,
            MaintenanceInterval = TimeSpan.FromHours(12),
            PeriodicSyncInterval = TimeSpan.FromDays(1),
        });
        await manager.InitializeAsync();
        var store = manager.Store<ComputeStateRecord>();
        var expired = new List<StateChange<ComputeStateRecord>>();
        store.Changed += (_, change) =>
        {
            if (change.Kind == StateChangeKind.Expired)
            {
                expired.Add(change);
            }
        };
        await store.SetAsync(new ComputeStateRecord { Id = "c1", Type = "t" });
        await store.FlushAsync();
        browser.Time.Advance(TimeSpan.FromDays(1));
        await store.SetAsync(new ComputeStateRecord { Id = "c2", Type = "t" }); // a day younger
        await store.FlushAsync();

        browser.Time.Advance(TimeSpan.FromDays(7)); // to day 8: c1 expires on the way, c2 is exactly 7 days old and kept
        await Eventually.TrueAsync(async () => (await manager.GetSyncStatusAsync()).RetentionRemoved == 1, "c1 expires");
        Assert.Equal((IndexKey)"c1", Assert.Single(expired).Key);
        Assert.Equal(["c2"], Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, manager.Identity.UserId).Select(c => c.Id));

        browser.Time.Advance(TimeSpan.FromHours(12));
        await Eventually.TrueAsync(async () => (await manager.GetSyncStatusAsync()).RetentionRemoved == 2, "c2 expires");
        Assert.Empty(Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, manager.Identity.UserId));
        Assert.Empty(Raw.LocalKeys<ComputeStateRecord>(browser.Browser, manager.Identity.UserId));
        Assert.Null(await store.FindAsync("c1"));
    }

    [Fact]
    public async Task RunMaintenanceAsync_returns_how_many_it_removed_and_a_write_refreshes_a_record()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<PerformanceMetricsRecord>();
        var a = new PerformanceMetricsRecord { Id = Guid.NewGuid(), FrameCount = 1 };
        var b = new PerformanceMetricsRecord { Id = Guid.NewGuid(), FrameCount = 1 };
        await store.SetManyAsync([a, b]);
        await store.FlushAsync();

        browser.Time.Adjust(TimeSpan.FromHours(20));
        await store.UpdateAsync(b.Id, m => m with { FrameCount = 2 }); // b's last write is now 20 h later
        browser.Time.Adjust(TimeSpan.FromHours(5));

        Assert.Equal(1, await session.Manager.RunMaintenanceAsync());
        Assert.Equal(0, await session.Manager.RunMaintenanceAsync());
        Assert.Null(await store.FindAsync(a.Id));
        Assert.Equal(2, (await store.FindAsync(b.Id))!.FrameCount);
        Assert.Equal([b.Id], Raw.IndexedDbValues<PerformanceMetricsRecord>(browser.Browser, session.UserId).Select(m => m.Id));
        Assert.Equal(1, (await session.Manager.GetSyncStatusAsync()).RetentionRemoved);
    }
}

/// <summary>Moves the fake clock without firing timers, to call maintenance by hand.</summary>
internal static class FakeClockExtensions
{
    public static void Adjust(this Microsoft.Extensions.Time.Testing.FakeTimeProvider time, TimeSpan by) => time.AdjustTime(time.GetUtcNow() + by);
}
