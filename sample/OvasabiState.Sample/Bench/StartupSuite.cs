using System.Runtime.Versioning;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// Hydration at start-up: run by <c>/bench?suite=startup&amp;autorun=1</c> as the page loads, after
/// <see cref="HydrationSuite"/> left 1,000 records in IndexedDB (the runner reloads the page between
/// the two). It measures one cold start: a fresh store's <c>InitializeAsync</c> + <c>ListAsync</c>
/// of the 1,000 records, and the time from navigation start until they were readable (Blazor's
/// own boot included, so that one is context, not ours alone). The anchor is the raw
/// open + <c>getAll()</c>, after ours. The records are deleted at the end.
/// </summary>
[SupportedOSPlatform("browser")]
public sealed class StartupSuite : IBenchSuite
{
    public string Name => "startup";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await BenchJs.EnsureImportedAsync();
        var count = report.Quick ? 100 : HydrationSuite.Count;
        var startedAt = BenchJs.SinceNavigation();
        var (initializeMs, listMs, database) = await HydrationSuite.MeasureAsync(count, cancellationToken);
        var readableAt = BenchJs.SinceNavigation();
        var rawMs = await HydrationSuite.RawAsync(database, count);
        await BenchJs.ClearStore(database, BenchStores.Store);

        var startupCase = $"start-up: {count:N0} records readable after a page load";
        report.Anchor(startupCase, "raw IndexedDB (JS): open + getAll()", rawMs, "ms");
        report.Ours(startupCase, "ours: InitializeAsync + ListAsync", initializeMs + listMs, "ms");
        report.Ours(startupCase, "ours: ListAsync alone", listMs, "ms");
        // The page's timeline has no anchor: Blazor's boot is in it, which is not ours to compare.
        report.Ours("start-up: page timeline", "navigation start -> suite start (Blazor boot)", startedAt, "ms");
        report.Ours("start-up: page timeline", "navigation start -> records readable", readableAt, "ms");
    }
}
