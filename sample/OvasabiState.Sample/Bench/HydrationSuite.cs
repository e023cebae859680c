using System.Runtime.Versioning;
using System.Text.Json;
using OvasabiState.Sync;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// Hydration of 1,000 records: a fresh store (new <see cref="StateSyncManager"/>, cold memory)
/// is opened (<c>InitializeAsync</c>: identity, database, maintenance) and <c>ListAsync</c> returns
/// the 1,000 records seeded in IndexedDB. The anchor is raw IndexedDB doing the least a page load
/// must: a new connection to the same database and <c>getAll()</c> of the same store. The records
/// are left in place for <see cref="StartupSuite"/>, which measures the same after a page load.
/// </summary>
[SupportedOSPlatform("browser")]
public sealed class HydrationSuite : IBenchSuite
{
    public const int Count = 1_000;

    public string Name => "hydration";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await BenchJs.EnsureImportedAsync();
        var count = report.Quick ? 100 : Count;
        var rounds = report.Quick ? 1 : 7;
        await using (var seeding = await BenchStores.OpenAsync(cancellationToken))
        {
            await BenchJs.ClearStore(seeding.Database, BenchStores.Store);
            await BenchStores.SeedAsync(seeding, count, cancellationToken);
        }

        List<double> raw = [], total = [], initialize = [], list = [], floor = [];
        for (var round = 0; round <= rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (initializeMs, listMs, database) = await MeasureAsync(count, cancellationToken);
            var rawMs = await RawAsync(database, count);
            var floorMs = await FloorAsync(count, cancellationToken);
            if (round > 0)
            {
                floor.Add(floorMs);
                raw.Add(rawMs);
                initialize.Add(initializeMs);
                list.Add(listMs);
                total.Add(initializeMs + listMs);
            }
        }

        var hydrationCase = $"hydration of {count:N0} records, fresh store";
        report.Anchor(hydrationCase, "raw IndexedDB (JS): open + getAll()", BenchStatistics.Median(raw), "ms", raw.Count);
        report.Ours(hydrationCase, "ours: InitializeAsync + ListAsync", BenchStatistics.Median(total), "ms", total.Count);
        report.Ours(hydrationCase, "ours: InitializeAsync", BenchStatistics.Median(initialize), "ms", initialize.Count);
        report.Ours(hydrationCase, "ours: ListAsync", BenchStatistics.Median(list), "ms", list.Count);
        report.Ours(hydrationCase, "floor: boundary QueryRecordsAsync(all) + decode", BenchStatistics.Median(floor), "ms", floor.Count);
    }

    /// <summary>
    /// What hydrating from ONE read would cost: the boundary's query of every record plus decoding
    /// them, on an initialized fresh store (ListAsync today reads them all, then each one again).
    /// </summary>
    private static async Task<double> FloorAsync(int count, CancellationToken cancellationToken)
    {
        await using var fresh = await BenchStores.OpenAsync(cancellationToken);
        var decoded = 0;
        var ms = await BenchStores.TimeAsync(async () =>
            decoded = BenchStores.Decode(await fresh.Storage.QueryRecordsAsync(fresh.Database, BenchStores.Store, null, OvasabiState.Storage.KeyRange.All, cancellationToken)));
        return decoded == count ? ms : throw new InvalidOperationException($"hydration: the boundary returned {decoded} records, not {count}");
    }

    /// <summary>A fresh store: ms to initialize, ms until ListAsync returned the <paramref name="count"/> records, and the database.</summary>
    internal static async Task<(double Initialize, double List, string Database)> MeasureAsync(int count, CancellationToken cancellationToken)
    {
        BenchStores.FreshStore? fresh = null;
        try
        {
            var initializeMs = await BenchStores.TimeAsync(async () => fresh = await BenchStores.OpenAsync(cancellationToken));
            IReadOnlyList<BenchItemRecord> all = [];
            var listMs = await BenchStores.TimeAsync(async () => all = await fresh!.Items.ListAsync(cancellationToken));
            if (all.Count != count)
            {
                throw new InvalidOperationException($"hydration: ListAsync returned {all.Count} records, not {count} (the hydration suite seeds them; run it first)");
            }

            return (initializeMs, listMs, fresh!.Database);
        }
        finally
        {
            if (fresh is not null)
            {
                await fresh.DisposeAsync();
            }
        }
    }

    /// <summary>The raw anchor's ms, checked against the count.</summary>
    internal static async Task<double> RawAsync(string database, int count)
    {
        var result = JsonDocument.Parse(await BenchJs.RawReadAll(database, BenchStores.Store)).RootElement;
        var found = result.GetProperty("count").GetInt32();
        return found == count
            ? result.GetProperty("ms").GetDouble()
            : throw new InvalidOperationException($"hydration: the raw read found {found} records, not {count}");
    }
}
