using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>Retention measures age on a clock that cannot jump: a wall clock set forward must not mass-delete.</summary>
public sealed class RetentionClockTests
{
    private static readonly Guid Fresh = Guid.Parse("00000000-0000-0000-0000-0000000000f1");
    private static readonly Guid Older = Guid.Parse("00000000-0000-0000-0000-0000000000f2");

    [Fact]
    public async Task A_wall_clock_set_a_year_forward_while_the_app_runs_expires_nothing()
    {
        var fake = new FakeTimeProvider(TestBrowser.Epoch);
        var clock = new JumpingClock(fake);
        var browser = new InMemoryBrowser();
        await using var manager = await OpenAsync(browser, clock);
        await manager.Store<PerformanceMetricsRecord>().SetAsync(new PerformanceMetricsRecord { Id = Fresh });
        await manager.FlushAsync();

        clock.Jump = TimeSpan.FromDays(365);
        fake.Advance(TimeSpan.FromMinutes(1)); // a minute of real time
        Assert.Equal(0, await manager.RunMaintenanceAsync());
        Assert.NotNull(await manager.Store<PerformanceMetricsRecord>().FindAsync(Fresh));

        // Real time still counts: a day and a bit later the record does expire (the maintenance timer takes it).
        fake.Advance(TimeSpan.FromDays(1.1));
        Assert.Null(await manager.Store<PerformanceMetricsRecord>().FindAsync(Fresh));
    }

    [Fact]
    public async Task A_wall_clock_that_jumped_a_year_while_the_app_was_closed_expires_at_most_a_days_worth_at_start_up()
    {
        var fake = new FakeTimeProvider(TestBrowser.Epoch);
        var clock = new JumpingClock(fake);
        var browser = new InMemoryBrowser();
        var first = await OpenAsync(browser, clock);
        await first.WriteLayerCopyAsync(StateLayer.IndexedDb, new PerformanceMetricsRecord { Id = Fresh }, "device", TestBrowser.Epoch);
        await first.WriteLayerCopyAsync(StateLayer.IndexedDb, new PerformanceMetricsRecord { Id = Older }, "device", TestBrowser.Epoch - TimeSpan.FromHours(22));
        await first.DisposeAsync();

        clock.Jump = TimeSpan.FromDays(365);
        await using var next = await OpenAsync(browser, clock); // its start-up maintenance: the clock moves one day, not a year

        Assert.NotNull(await next.Store<PerformanceMetricsRecord>().FindAsync(Fresh)); // a day old: kept (retention: one day)
        Assert.Null(await next.Store<PerformanceMetricsRecord>().FindAsync(Older)); // 22 hours plus the day: expired
    }

    [Fact]
    public async Task A_wall_clock_set_back_brings_nothing_back_and_expires_nothing_new()
    {
        var fake = new FakeTimeProvider(TestBrowser.Epoch);
        var clock = new JumpingClock(fake);
        var browser = new InMemoryBrowser();
        await using var manager = await OpenAsync(browser, clock);
        await manager.Store<PerformanceMetricsRecord>().SetAsync(new PerformanceMetricsRecord { Id = Fresh });
        await manager.FlushAsync();

        clock.Jump = -TimeSpan.FromDays(30);
        fake.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await manager.RunMaintenanceAsync());
        Assert.NotNull(await manager.Store<PerformanceMetricsRecord>().FindAsync(Fresh));
    }

    private static async Task<StateSyncManager> OpenAsync(InMemoryBrowser browser, TimeProvider time)
    {
        var manager = new StateSyncManager(new OvasabiStateOptions { Storage = browser.OpenTab(), TimeProvider = time });
        await manager.InitializeAsync();
        return manager;
    }

    /// <summary>A device whose wall clock can be set (<see cref="Jump"/>) while its monotonic timer keeps real time.</summary>
    private sealed class JumpingClock(FakeTimeProvider real) : TimeProvider
    {
        public TimeSpan Jump { get; set; }

        public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + Jump;

        public override long GetTimestamp() => real.GetTimestamp();

        public override long TimestampFrequency => real.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => real.CreateTimer(callback, state, dueTime, period);
    }
}
