using System.Diagnostics;
using System.Globalization;
using Microsoft.JSInterop;
using OvasabiState.Browser;
using OvasabiState.Storage;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// The two storage boundaries over the same module, case by case: <c>[JSImport]</c>
/// (<see cref="JSBrowserStorage"/>, the anchor) and <c>IJSRuntime</c>
/// (<see cref="JSRuntimeBrowserStorage"/>, ours; ratio = IJSRuntime / JSImport). The cases are a
/// flush of 1,000 IndexedDB records (~200 B payload, 2 index values each) and of 1,000
/// localStorage items, a query returning 1,000 records, and a single-record get (p50 over blocks of 10 gets). Rounds alternate
/// which boundary goes first; every figure is a median. Everything is written into a scratch
/// database and scratch keys, deleted at the end.
/// </summary>
public sealed class InteropSuite(IJSRuntime js) : IBenchSuite
{
    private const string Database = "ovasabi-bench-interop";
    private const string Store = "bench";
    private const string ItemPrefix = "ovs-bench-interop:";
    private const int Count = 1_000;
    private const int PayloadBytes = 200;
    private const int Rounds = 9;
    private const int GetBlocks = 4;
    private const int GetsPerBlock = 10;

    public string Name => "interop";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var fast = new JSBrowserStorage();
        await using var portable = new JSRuntimeBrowserStorage(js);
        (string Name, IBrowserStorage Storage)[] boundaries = [("JSImport", fast), ("IJSRuntime", portable)];

        var schema = new StoreSchema(Store, "Id", 1, "bench-1",
            [new IndexSchema("Group", ["Group"], unique: false, multiEntry: false), new IndexSchema("Rank", ["Rank"], unique: false, multiEntry: false)],
            ["Group", "Rank"], []);
        var records = Records();
        var items = Items();
        var keys = records.Select(r => r.Key).ToArray();
        try
        {
            foreach (var (_, storage) in boundaries)
            {
                await storage.OpenDatabaseAsync(Database, [schema], cancellationToken);
            }

            var samples = boundaries.ToDictionary(b => b.Name, _ => new Samples());
            // Round 0 warms both paths up (module import, JIT tiers, the jiterpreter) and is not kept.
            for (var round = 0; round <= Rounds; round++)
            {
                var order = round % 2 == 0 ? boundaries : boundaries.Reverse().ToArray();
                foreach (var (name, storage) in order)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var s = round == 0 ? new Samples() : samples[name];
                    s.WriteRecords.Add(await TimeAsync(() => storage.WriteRecordsAsync(Database, Store, records, [], cancellationToken).AsTask()));
                    s.WriteItems.Add(await TimeAsync(() => storage.WriteItemsAsync(WebStorageArea.Local, items, [], cancellationToken).AsTask()));
                    s.Query.Add(await TimeAsync(async () =>
                    {
                        var found = await storage.QueryRecordsAsync(Database, Store, "Rank", KeyRange.All, cancellationToken);
                        if (found.Count != Count)
                        {
                            throw new InvalidOperationException($"{name}: the query returned {found.Count} records, not {Count}");
                        }
                    }));
                    // Without cross-origin isolation the page's clock ticks in 0.1 ms, about a get's
                    // cost: each sample is the mean of a block of sequential gets.
                    for (var block = 0; block < GetBlocks; block++)
                    {
                        var first = (round * 97 + block * 31) % Count;
                        var elapsed = await TimeAsync(async () =>
                        {
                            for (var i = 0; i < GetsPerBlock; i++)
                            {
                                var key = keys[(first + i * 7) % Count];
                                _ = await storage.GetRecordAsync(Database, Store, key, cancellationToken)
                                    ?? throw new InvalidOperationException($"{name}: record {key} is missing");
                            }
                        });
                        s.Get.Add(elapsed / GetsPerBlock);
                    }
                }
            }

            Report(report, "IndexedDB flush, 1,000 records", boundaries, b => samples[b].WriteRecords);
            Report(report, "localStorage flush, 1,000 items", boundaries, b => samples[b].WriteItems);
            Report(report, "IndexedDB query, 1,000 records", boundaries, b => samples[b].Query);
            Report(report, "IndexedDB get, 1 record (p50 of 10-get means)", boundaries, b => samples[b].Get);
        }
        finally
        {
            // The scratch data goes, whatever happened; deleting the database closes the module's connection.
            await fast.WriteItemsAsync(WebStorageArea.Local, [], items.Select(i => i.Key).ToArray(), CancellationToken.None);
            await js.InvokeVoidAsync("indexedDB.deleteDatabase", CancellationToken.None, Database);
        }
    }

    private static void Report(BenchReport report, string benchCase, (string Name, IBrowserStorage Storage)[] boundaries, Func<string, List<double>> samples)
    {
        foreach (var (name, _) in boundaries)
        {
            var list = samples(name);
            var count = list.Count;
            var median = BenchStatistics.Median(list);
            if (name == "JSImport")
            {
                report.Anchor(benchCase, name, median, "ms", count);
            }
            else
            {
                report.Ours(benchCase, name, median, "ms", count);
            }
        }
    }

    private static async Task<double> TimeAsync(Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>1,000 records: key, ~200 B of payload, a group (string index) and a rank (number index).</summary>
    private static IndexedDbRecord[] Records()
    {
        var random = new Random(42);
        return Enumerable.Range(0, Count).Select(i =>
        {
            var payload = new byte[PayloadBytes];
            random.NextBytes(payload);
            var indexValues = new Dictionary<string, IndexKey>(StringComparer.Ordinal)
            {
                ["Group"] = IndexKey.From("group-" + (i % 10).ToString(CultureInfo.InvariantCulture)),
                ["Rank"] = IndexKey.From((long)i),
            };
            return new IndexedDbRecord(IndexKey.From("r" + i.ToString("D4", CultureInfo.InvariantCulture)), payload, indexValues);
        }).ToArray();
    }

    /// <summary>1,000 localStorage items of ~200 characters (what a base64 entry of 150 B looks like).</summary>
    private static KeyValuePair<string, string>[] Items()
    {
        var random = new Random(7);
        return Enumerable.Range(0, Count).Select(i =>
        {
            var bytes = new byte[150];
            random.NextBytes(bytes);
            return KeyValuePair.Create(ItemPrefix + i.ToString("D4", CultureInfo.InvariantCulture), Convert.ToBase64String(bytes));
        }).ToArray();
    }

    private sealed class Samples
    {
        public List<double> WriteRecords { get; } = [];

        public List<double> WriteItems { get; } = [];

        public List<double> Query { get; } = [];

        public List<double> Get { get; } = [];
    }
}
