using System.Runtime.Versioning;
using System.Text.Json;
using OvasabiState.Storage;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// IndexedDB through OvasabiState against a raw-IndexedDB JavaScript baseline doing the same work
/// (wwwroot/js/bench-raw-idb.js, the anchor):
/// <list type="bullet">
/// <item>bulk put of 10,000 records: ours is <c>SetManyAsync</c> + <c>FlushAsync</c> on a fresh
/// store (what an app does); its two halves, the first read after it (which waits for the
/// journal's spread into the store), and the boundary's <c>WriteRecordsAsync</c> of the same
/// 10,000 encoded records, are listed too, to show where the time goes. Raw: one readwrite
/// transaction, one <c>put()</c> per object;</item>
/// <item>the longest main-thread gap while the 10,000 records are flushed (a heartbeat);</item>
/// <item>an indexed range query returning 1,000 of 100,000 records: cold (a fresh store, so the
/// records are read from IndexedDB) and warm (the same store again);</item>
/// <item>a single get, p50: cold (first read of a key: IndexedDB) and warm (memory).</item>
/// </list>
/// Rounds alternate which side goes first. The bench store and the scratch database are emptied
/// at the end.
/// </summary>
[SupportedOSPlatform("browser")]
public sealed class IndexedDbSuite : IBenchSuite
{
    private const string RawDatabase = "ovasabi-bench-raw";
    private const string Raw = "raw IndexedDB (JS)";

    public string Name => "indexeddb";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await BenchJs.EnsureImportedAsync();
        var quick = report.Quick;
        var bulk = quick ? 500 : 10_000;
        var total = quick ? 2_000 : 100_000;
        var range = total / 100;
        var rounds = quick ? 1 : 3;
        var gets = quick ? 20 : 200;

        await BenchJs.RawOpen(RawDatabase);
        string database;
        await using (var probe = await BenchStores.OpenAsync(cancellationToken))
        {
            database = probe.Database;
        }

        try
        {
            await BulkPutAsync(report, database, bulk, rounds, cancellationToken);
            // Ten kept rounds: a 1,000-record query is 10-30 ms, and this shared machine's bursts move a median of four.
            await RangeQueryAsync(report, database, total, range, quick ? 2 : 10, cancellationToken);
            await GetAsync(report, total, gets, cancellationToken);
        }
        finally
        {
            await BenchJs.ClearStore(database, BenchStores.Store);
            await BenchJs.RawRemove(RawDatabase);
        }
    }

    private static async Task BulkPutAsync(BenchReport report, string database, int count, int rounds, CancellationToken cancellationToken)
    {
        var items = BenchStores.Items(count);
        List<double> raw = [], rawIssue = [], rawGap = [], total = [], set = [], flush = [], flushGap = [], boundary = [], broadcast = [], spread = [];
        for (var round = 0; round <= rounds; round++)
        {
            // Round 0 warms both paths up (module, JIT tiers, the jiterpreter) and is not kept.
            var keep = round > 0;
            for (var side = 0; side < 2; side++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if ((side + round) % 2 == 0)
                {
                    var result = JsonDocument.Parse(await BenchJs.RawBulkPut(count, BenchStores.PayloadBytes)).RootElement;
                    if (keep)
                    {
                        raw.Add(result.GetProperty("ms").GetDouble());
                        rawIssue.Add(result.GetProperty("issueMs").GetDouble());
                        rawGap.Add(result.GetProperty("gapMs").GetDouble());
                    }

                    continue;
                }

                await BenchJs.ClearStore(database, BenchStores.Store);
                await using var fresh = await BenchStores.OpenAsync(cancellationToken);
                var setMs = await BenchStores.TimeAsync(() => fresh.Items.SetManyAsync(items, cancellationToken).AsTask());
                BenchJs.StartHeartbeat();
                var flushMs = await BenchStores.TimeAsync(() => fresh.Items.FlushAsync(cancellationToken));
                var gap = BenchJs.StopHeartbeat();

                // A big flush resolves once its batch is durable in the store's journal; the records
                // are spread into the store (one object each, for the indexes) after it, and a read
                // waits for that. The first read's time shows what the spread leaves to pay.
                var spreadMs = await BenchStores.TimeAsync(async () => _ = await fresh.Storage.GetRecordAsync(database, BenchStores.Store, items[^1].Id, cancellationToken));

                // The boundary alone, on the same records already encoded: the JS side's share of the flush.
                await BenchJs.ClearStore(database, BenchStores.Store);
                var encoded = BenchStores.Encode(items, fresh.Storage.InstanceId);
                var boundaryMs = await BenchStores.TimeAsync(() => fresh.Storage.WriteRecordsAsync(database, BenchStores.Store, encoded, [], cancellationToken).AsTask());

                // The flush then announces every key to the other tabs in one message: that share
                // alone, on a store name no tab has (so no other tab reacts).
                var probe = fresh.Manager.Identity.UserId + "/bench_broadcast_probe";
                var changes = encoded.Select(r => new CrossTabChange(r.Key.ToString(), r.Version)).ToList();
                var broadcastMs = await BenchStores.TimeAsync(() => fresh.Storage.BroadcastAsync(new CrossTabMessage(probe, fresh.Storage.InstanceId, changes), cancellationToken).AsTask());
                if (keep)
                {
                    broadcast.Add(broadcastMs);
                    spread.Add(spreadMs);
                    set.Add(setMs);
                    flush.Add(flushMs);
                    total.Add(setMs + flushMs);
                    flushGap.Add(gap);
                    boundary.Add(boundaryMs);
                }
            }
        }

        var bulkCase = $"bulk put {count:N0} records";
        report.Anchor(bulkCase, Raw + ": put() x N, one transaction", BenchStatistics.Median(raw), "ms", raw.Count);
        report.Ours(bulkCase, "ours: SetManyAsync + FlushAsync", BenchStatistics.Median(total), "ms", total.Count);
        report.Ours(bulkCase, "ours: SetManyAsync (memory)", BenchStatistics.Median(set), "ms", set.Count);
        report.Ours(bulkCase, "ours: FlushAsync (to IndexedDB)", BenchStatistics.Median(flush), "ms", flush.Count);
        report.Ours(bulkCase, "ours: first read after the flush (waits for the journal's spread)", BenchStatistics.Median(spread), "ms", spread.Count);
        report.Ours(bulkCase, "ours: boundary WriteRecordsAsync only", BenchStatistics.Median(boundary), "ms", boundary.Count);
        report.Ours(bulkCase, "ours: boundary BroadcastAsync, one message of N changes", BenchStatistics.Median(broadcast), "ms", broadcast.Count);

        var blockCase = $"main thread blocked, {count:N0}-record flush (longest gap)";
        report.Anchor(blockCase, Raw + ": put() loop", BenchStatistics.Median(rawGap), "ms", rawGap.Count);
        report.Ours(blockCase, "ours: FlushAsync", BenchStatistics.Median(flushGap), "ms", flushGap.Count);
        report.Anchor($"raw: synchronous put() loop issuing {count:N0} records", Raw, BenchStatistics.Median(rawIssue), "ms", rawIssue.Count);
    }

    private static async Task RangeQueryAsync(BenchReport report, string database, int total, int range, int rounds, CancellationToken cancellationToken)
    {
        await BenchJs.RawSeed(total, BenchStores.PayloadBytes);
        await using (var seeding = await BenchStores.OpenAsync(cancellationToken))
        {
            await BenchJs.ClearStore(database, BenchStores.Store);
            await BenchStores.SeedAsync(seeding, total, cancellationToken);
        }

        List<double> raw = [], cold = [], warm = [], boundary = [], floor = [];
        for (var round = 0; round <= rounds; round++)
        {
            var keep = round > 0;
            // A different slice each round, so no round reads what the previous one just read.
            var low = (round * 7 % 10) * (total / 10);
            var high = low + range - 1;
            var rawMs = await BenchJs.RawRangeQuery(low, high, range);

            await using var fresh = await BenchStores.OpenAsync(cancellationToken);
            var keyRange = KeyRange.Between(low, high);
            IReadOnlyList<BenchItemRecord> found = [];
            var coldMs = await BenchStores.TimeAsync(async () => found = await fresh.Items.QueryAsync("Rank", keyRange, cancellationToken));
            Check(found.Count, range, "cold query");
            var warmMs = await BenchStores.TimeAsync(async () => found = await fresh.Items.QueryAsync("Rank", keyRange, cancellationToken));
            Check(found.Count, range, "warm query");
            IndexedDbRead records = new([], IndexedDbRead.UnknownCounter);
            var boundaryMs = await BenchStores.TimeAsync(async () => records = await fresh.Storage.QueryRecordsAsync(fresh.Database, BenchStores.Store, "Rank", keyRange, cancellationToken));
            Check(records.Count, range, "boundary query");
            var decoded = 0;
            var floorMs = await BenchStores.TimeAsync(async () => decoded = BenchStores.Decode(await fresh.Storage.QueryRecordsAsync(fresh.Database, BenchStores.Store, "Rank", keyRange, cancellationToken)));
            Check(decoded, range, "boundary query + decode");
            if (keep)
            {
                raw.Add(rawMs);
                cold.Add(coldMs);
                warm.Add(warmMs);
                boundary.Add(boundaryMs);
                floor.Add(floorMs);
            }
        }

        var queryCase = $"indexed range query, {range:N0} of {total:N0}";
        report.Anchor(queryCase, Raw + ": index.getAll(bound)", BenchStatistics.Median(raw), "ms", raw.Count);
        report.Ours(queryCase, "ours: QueryAsync, cold store", BenchStatistics.Median(cold), "ms", cold.Count);
        report.Ours(queryCase, "ours: QueryAsync, warm store", BenchStatistics.Median(warm), "ms", warm.Count);
        report.Ours(queryCase, "ours: boundary QueryRecordsAsync only", BenchStatistics.Median(boundary), "ms", boundary.Count);
        report.Ours(queryCase, "floor: boundary query + decode (cold, batched)", BenchStatistics.Median(floor), "ms", floor.Count);
    }

    private static async Task GetAsync(BenchReport report, int total, int count, CancellationToken cancellationToken)
    {
        await using var fresh = await BenchStores.OpenAsync(cancellationToken);
        List<double> raw = [], cold = [], warm = [], boundary = [], valueOnly = [], taskJs = [], taskInterop = [], taskBytes = [], moduleJs = [], moduleDirect = [];
        // The paths take turns, each on its own keys, an eighth of the store apart: a burst of
        // load on this shared machine then falls on all of them, and no path reads a block of
        // the database another just brought into the cache.
        int Spread(int n, int path) => (int)(((long)n * 7919 + (path * (long)total / 8)) % total);
        var ours = Enumerable.Range(0, count).Select(n => BenchStores.Item(Spread(n, 1)).Id).ToArray();

        var entryBytes = BenchStores.Encode([BenchStores.Item(0)], "bench")[0].Value.Length; // a stored entry, stamp and payload

        // Warm-up of every path, not kept.
        _ = await BenchJs.RawGet(total - 1);
        _ = await fresh.Items.FindAsync(BenchStores.Item(total - 2).Id, cancellationToken);
        _ = await fresh.Storage.GetRecordAsync(fresh.Database, BenchStores.Store, BenchStores.Item(total - 3).Id, cancellationToken);
        _ = await fresh.Storage.GetRecordValueAsync(fresh.Database, BenchStores.Store, BenchStores.Item(total - 4).Id, cancellationToken);
        for (var n = 0; n < count; n++)
        {
            raw.Add(await BenchJs.RawGet(Spread(n, 0)));
            BenchItemRecord? found = null;
            cold.Add(await BenchStores.TimeAsync(async () => found = await fresh.Items.FindAsync(ours[n], cancellationToken)));
            _ = found ?? throw new InvalidOperationException($"indexeddb: record {ours[n]} is missing");
            var withIndexes = BenchStores.Item(Spread(n, 2)).Id;
            boundary.Add(await BenchStores.TimeAsync(async () => _ = await fresh.Storage.GetRecordAsync(fresh.Database, BenchStores.Store, withIndexes, cancellationToken)));
            var bytesOnly = BenchStores.Item(Spread(n, 3)).Id;
            valueOnly.Add(await BenchStores.TimeAsync(async () => _ = await fresh.Storage.GetRecordValueAsync(fresh.Database, BenchStores.Store, bytesOnly, cancellationToken)));

            // Where a get's time goes: the runtime's JavaScript alone, the same called through
            // [JSImport] without the storage class, and the bare round trip (a promise resolved
            // in a later task, awaited in JavaScript, through [JSImport], with a get's result shape).
            moduleJs.Add(await BenchJs.ModuleGet(fresh.Database, BenchStores.Store, Spread(n, 4)));
            var directKey = "{\"s\":\"" + BenchStores.Item(Spread(n, 5)).Id + "\"}"; // an encoded string key (ids need no escaping)
            moduleDirect.Add(await BenchStores.TimeAsync(async () =>
            {
                using var result = await BenchJs.RuntimeGetRecordValue(fresh.Database, BenchStores.Store, directKey);
                _ = result.GetPropertyAsByteArray("v") ?? throw new InvalidOperationException($"indexeddb: record {directKey} is missing");
            }));
            taskJs.Add(await BenchJs.TimeNextTask());
            taskInterop.Add(await BenchStores.TimeAsync(async () => _ = await BenchJs.NextTask()));
            taskBytes.Add(await BenchStores.TimeAsync(async () =>
            {
                using var result = await BenchJs.NextTaskBytes(entryBytes);
                _ = result.GetPropertyAsByteArray("v");
            }));
        }

        foreach (var key in ours)
        {
            warm.Add(await BenchStores.TimeAsync(async () => _ = await fresh.Items.FindAsync(key, cancellationToken)));
        }

        // Many known keys at once: FindManyAsync against raw gets issued together in one transaction.
        // Fresh keys for both (an eighth of the store from every other path), a fresh store for ours.
        const int Step = 7919;
        var batchFirst = 6 * total / 8;
        var rawBatch = new List<double>();
        var oursBatch = new List<double>();
        for (var round = 0; round < 4; round++)
        {
            var first = batchFirst + (round * count);
            rawBatch.Add(await BenchJs.RawGetMany(count, first + (total / 16), Step, total));
            await using var batch = await BenchStores.OpenAsync(cancellationToken);
            var batchKeys = Enumerable.Range(0, count).Select(n => (OvasabiState.IndexKey)BenchStores.Item((int)(((long)first + ((long)n * Step)) % total)).Id).ToArray();
            IReadOnlyDictionary<OvasabiState.IndexKey, BenchItemRecord> many = new Dictionary<OvasabiState.IndexKey, BenchItemRecord>();
            oursBatch.Add(await BenchStores.TimeAsync(async () => many = await batch.Items.FindManyAsync(batchKeys, cancellationToken)));
            Check(many.Count, count, "FindManyAsync");
        }

        var batchCase = $"{count} known keys at once, ms per key";
        report.Anchor(batchCase, Raw + ": get() x N issued together, one transaction", BenchStatistics.Median(rawBatch) / count, "ms", rawBatch.Count);
        report.Ours(batchCase, "ours: FindManyAsync, cold store", BenchStatistics.Median(oursBatch) / count, "ms", oursBatch.Count);

        const string getCase = "single get, p50";
        report.Anchor(getCase, Raw + ": get(), own transaction (turns with ours)", BenchStatistics.Median(raw), "ms", raw.Count);
        report.Ours(getCase, "ours: FindAsync, cold (reads IndexedDB)", BenchStatistics.Median(cold), "ms", cold.Count);
        report.Ours(getCase, "ours: FindAsync, warm (memory)", BenchStatistics.Median(warm), "ms", warm.Count);
        report.Ours(getCase, "ours: boundary GetRecordAsync only (record with index values)", BenchStatistics.Median(boundary), "ms", boundary.Count);
        report.Ours(getCase, "ours: boundary GetRecordValueAsync only (stored bytes, what FindAsync reads)", BenchStatistics.Median(valueOnly), "ms", valueOnly.Count);
        report.Ours(getCase, "attribution: the runtime module's getRecordValue, timed in JS", BenchStatistics.Median(moduleJs), "ms", moduleJs.Count);
        report.Ours(getCase, "attribution: the same module function through [JSImport], no storage class", BenchStatistics.Median(moduleDirect), "ms", moduleDirect.Count);
        report.Ours(getCase, "attribution: a promise resolved in a later task, awaited in JS", BenchStatistics.Median(taskJs), "ms", taskJs.Count);
        report.Ours(getCase, "attribution: the same through an async [JSImport] call", BenchStatistics.Median(taskInterop), "ms", taskInterop.Count);
        report.Ours(getCase, "attribution: the same resolving with { v: bytes }, read as a get's result is", BenchStatistics.Median(taskBytes), "ms", taskBytes.Count);
    }

    private static void Check(int found, int expected, string what)
    {
        if (found != expected)
        {
            throw new InvalidOperationException($"indexeddb: the {what} returned {found} records, not {expected}");
        }
    }
}
