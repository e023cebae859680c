using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using OvasabiState.Storage;
using OvasabiState.Sync;

namespace OvasabiState.Benchmarks;

/// <summary>Start-up hydration of 1,000 records from IndexedDB through the in-memory boundary (the runtime's own cost).</summary>
[MemoryDiagnoser]
public class HydrationBenchmarks
{
    private InMemoryBrowser _browser = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _browser = new InMemoryBrowser();
        await using var writer = Manager();
        await writer.InitializeAsync();
        await writer.Store<BenchItem>().SetManyAsync(Enumerable.Range(0, 1_000).Select(i => new BenchItem
        {
            Id = i,
            Kind = i % 2 == 0 ? "even" : "odd",
            Value = i * 0.5,
            Samples = Enumerable.Range(0, 16).Select(j => (float)j).ToArray(),
        }));
        await writer.FlushAsync();
    }

    [Benchmark]
    public async Task<int> Hydrate1000()
    {
        var tab = _browser.OpenTab();
        await using var manager = Manager(tab);
        await manager.InitializeAsync();
        var count = (await manager.Store<BenchItem>().ListAsync()).Count;
        _browser.CloseTab(tab);
        return count;
    }

    private StateSyncManager Manager(InMemoryBrowserStorage? tab = null) => new(new OvasabiStateOptions
    {
        Storage = tab ?? _browser.OpenTab(),
        Bindings = [BenchItem.OvasabiStateBinding.Instance],
    });
}
