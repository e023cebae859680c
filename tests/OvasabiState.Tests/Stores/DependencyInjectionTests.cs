using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Stores;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Stores;

/// <summary>AddOvasabiState: stores resolved from DI initialize the manager on first use.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task A_resolved_store_works_without_calling_InitializeAsync()
    {
        var browser = new TestBrowser();
        var tab = browser.Browser.OpenTab();
        var services = new ServiceCollection();
        services.AddOvasabiState(o =>
        {
            o.Storage = tab;
            o.TimeProvider = browser.Time;
            o.RealtimeFlushDelay = TestBrowser.RealtimeDelay;
        });
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IStateStore<ComputeStateRecord>>();
        Assert.Same(store, provider.GetRequiredService<IStateStore<ComputeStateRecord>>());
        Assert.Equal("compute_states", store.Binding.Schema.Name);
        var changes = 0;
        store.Changed += (_, _) => changes++;

        await store.SetAsync(new ComputeStateRecord { Id = "c1", Type = "fluid" });
        Assert.Equal(1, changes);
        Assert.Equal("fluid", (await store.FindAsync("c1"))!.Type);
        Assert.Single(await store.QueryAsync("Type", KeyRange.Only("fluid")));

        var manager = provider.GetRequiredService<StateSyncManager>();
        Assert.True(manager.Identity.IsInitialized);
        browser.Time.Advance(TestBrowser.RealtimeDelay);
        await Eventually.TrueAsync(() => Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, manager.Identity.UserId).Count == 1, "the realtime flush");
        Assert.Equal(1, (await manager.GetSyncStatusAsync()).Layers.Single(l => l.Layer == StateLayer.IndexedDb).Entries);
    }

    [Fact]
    public async Task The_first_use_of_each_operation_initializes_and_concurrent_first_uses_initialize_once()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        Raw.PlantIndexedDb<ManualNoteRecord>(browser.Browser, user, Raw.Entry(new ManualNoteRecord { Id = "n1", Title = "stored" }));
        var services = new ServiceCollection();
        services.AddSingleton<IBrowserStorage>(browser.Browser.OpenTab()); // storage from DI when the options leave it out
        services.AddOvasabiState(o => o.TimeProvider = browser.Time);
        await using var provider = services.BuildServiceProvider();
        var notes = provider.GetRequiredService<IStateStore<ManualNoteRecord>>();

        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await notes.GetAsync("n1"))));
        Assert.All(reads, n => Assert.Equal("stored", n.Title));
        Assert.Single(await notes.ListAsync());
        Assert.Equal(new IndexKey[] { "n1" }, (await notes.FindManyAsync(["n1", "n2"])).Keys);
        Assert.Equal(user, provider.GetRequiredService<StateSyncManager>().Identity.UserId);
    }

    [Fact]
    public async Task A_store_of_an_unknown_type_fails_when_used()
    {
        var services = new ServiceCollection();
        services.AddOvasabiState(o =>
        {
            o.Storage = new InMemoryBrowser().OpenTab();
            o.Bindings = [ComputeStateRecord.OvasabiStateBinding.Instance];
        });
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IStateStore<ManualNoteRecord>>();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.FindAsync("n1"));
    }
}
