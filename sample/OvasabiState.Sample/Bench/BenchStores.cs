using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using OvasabiState.Browser;
using OvasabiState.Identity;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Sync;
using OvasabiState.Versions;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// What the storage suites share: a fresh <see cref="StateSyncManager"/> over the browser storage
/// that manages only <see cref="BenchItemRecord"/> (cold memory, as after a page load, without
/// touching the app's own manager), the bench records, and seeding through the boundary.
/// </summary>
[SupportedOSPlatform("browser")]
internal static class BenchStores
{
    public const string Store = "bench_items";
    public const int PayloadBytes = 150;

    /// <summary>A manager of the bench records only, over its own boundary instance; dispose it to release both.</summary>
    public static async Task<FreshStore> OpenAsync(CancellationToken cancellationToken)
    {
        var storage = new JSBrowserStorage();
        var manager = new StateSyncManager(new OvasabiStateOptions
        {
            Storage = storage,
            Bindings = [BenchItemRecord.OvasabiStateBinding.Instance],
        });
        await manager.InitializeAsync(cancellationToken);
        return new FreshStore(manager, storage, StorageKeys.Database(manager.Identity.UserId));
    }

    /// <summary>Record <paramref name="i"/>: key item-000042, rank i, ~150 B payload.</summary>
    public static BenchItemRecord Item(int i)
    {
        var payload = new byte[PayloadBytes];
        for (var b = 0; b < payload.Length; b++)
        {
            payload[b] = (byte)((i * 31) + (b * 7));
        }

        return new BenchItemRecord
        {
            Id = "item-" + i.ToString("D6", CultureInfo.InvariantCulture),
            Rank = i,
            Group = "group-" + (i % 10).ToString(CultureInfo.InvariantCulture),
            Payload = payload,
        };
    }

    public static BenchItemRecord[] Items(int count) => Enumerable.Range(0, count).Select(Item).ToArray();

    /// <summary>
    /// The IndexedDB records a flush of <paramref name="items"/> writes: stamped entries with their
    /// index values, built the way the store builds them from the public binding. The bench
    /// record's indexes are all single-member, so each index value is that member's value.
    /// </summary>
    public static IndexedDbRecord[] Encode(IReadOnlyList<BenchItemRecord> items, string origin)
    {
        var binding = BenchItemRecord.OvasabiStateBinding.Instance;
        var ordinals = binding.Schema.IndexedMembers.Select((member, ordinal) => (member, ordinal)).ToDictionary(p => p.member, p => p.ordinal);
        var now = DateTimeOffset.UtcNow;
        var writer = (ulong)origin.GetHashCode(StringComparison.Ordinal);
        return items.Select((item, i) =>
        {
            var payload = binding.Serialize(item);
            var version = new StateVersion((now.ToUnixTimeMilliseconds() << 16) + i, writer);
            var entry = new StoredEntry(StateStamp.First(version, origin, now, StateHash.Of(payload)), payload).Encode();
            var indexValues = binding.Schema.Indexes.ToDictionary(
                index => index.Name,
                index => binding.GetIndexedValue(item, ordinals[index.KeyPath[0]]));
            return new IndexedDbRecord(binding.GetKey(item), entry, indexValues) { Version = version.Token };
        }).ToArray();
    }

    /// <summary>Writes records 0..count-1 straight through the boundary, 10,000 per transaction (untimed seeding).</summary>
    public static async Task SeedAsync(FreshStore fresh, int count, CancellationToken cancellationToken)
    {
        for (var first = 0; first < count; first += 10_000)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = Enumerable.Range(first, Math.Min(10_000, count - first)).Select(Item).ToArray();
            await fresh.Storage.WriteRecordsAsync(fresh.Database, Store, Encode(chunk, "bench-seed"), [], cancellationToken);
        }
    }

    /// <summary>
    /// Decodes records the boundary returned, as a store hydrating from them would (stamped
    /// entry, then the payload): with the one query before it, the floor of a batched hydration.
    /// </summary>
    public static int Decode(IReadOnlyList<IndexedDbRecord> records)
    {
        var binding = BenchItemRecord.OvasabiStateBinding.Instance;
        var decoded = 0;
        foreach (var record in records)
        {
            var entry = StoredEntry.Decode(record.Value, binding.TypeName);
            decoded += binding.Deserialize(entry.Payload).Rank >= 0 ? 1 : 0;
        }

        return decoded;
    }

    /// <summary>Milliseconds <paramref name="operation"/> took (Stopwatch: 5 µs precise under COOP/COEP).</summary>
    public static async Task<double> TimeAsync(Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>A manager of the bench records, its boundary and the user's database name.</summary>
    public sealed class FreshStore(StateSyncManager manager, JSBrowserStorage storage, string database) : IAsyncDisposable
    {
        public StateSyncManager Manager { get; } = manager;

        public IStateStore<BenchItemRecord> Items => Manager.Store<BenchItemRecord>();

        public IBrowserStorage Storage => storage;

        public string Database { get; } = database;

        public async ValueTask DisposeAsync()
        {
            await Manager.DisposeAsync();
            storage.Dispose();
        }
    }
}
