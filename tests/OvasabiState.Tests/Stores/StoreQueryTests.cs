using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Stores;

/// <summary>Queries by the generated indexes: equality, range, compound and multi-entry.</summary>
public sealed class StoreQueryTests
{
    private static readonly ComputeStateRecord[] Computes =
    [
        new() { Id = "a", Type = "fluid", Timestamp = 30 },
        new() { Id = "b", Type = "particles", Timestamp = 10 },
        new() { Id = "c", Type = "fluid", Timestamp = 10 },
        new() { Id = "d", Type = "fluid", Timestamp = 20 },
        new() { Id = "e", Type = "cloth", Timestamp = 15 },
    ];

    [Fact]
    public async Task Equality_on_an_indexed_member()
    {
        var store = await ComputeStoreAsync();
        Assert.Equal(["a", "c", "d"], Ids(await store.QueryAsync("Type", KeyRange.Only("fluid"))));
        Assert.Empty(await store.QueryAsync("Type", KeyRange.Only("smoke")));
    }

    [Fact]
    public async Task Range_on_an_indexed_member_in_index_order()
    {
        var store = await ComputeStoreAsync();
        Assert.Equal(["b", "c", "e", "d"], Ids(await store.QueryAsync("Timestamp", KeyRange.Between(10L, 20L))));
        Assert.Equal(["e", "d"], Ids(await store.QueryAsync("Timestamp", new KeyRange(10L, 20L, LowerOpen: true))));
        Assert.Equal(["d", "a"], Ids(await store.QueryAsync("Timestamp", KeyRange.AtLeast(20L))));
        Assert.Equal(["b", "c"], Ids(await store.QueryAsync("Timestamp", KeyRange.AtMost(10L))));
    }

    [Fact]
    public async Task Compound_type_time_index()
    {
        var store = await ComputeStoreAsync();
        var fluidFrom10To20 = KeyRange.Between(IndexKey.Array("fluid", 10L), IndexKey.Array("fluid", 20L));
        Assert.Equal(["c", "d"], Ids(await store.QueryAsync("type_time", fluidFrom10To20)));
        Assert.Equal(["c", "d", "a"], Ids(await store.QueryAsync("type_time", KeyRange.Between(IndexKey.Array("fluid", long.MinValue), IndexKey.Array("fluid", long.MaxValue)))));
        Assert.Equal(["a"], Ids(await store.QueryAsync("type_time", KeyRange.Only(IndexKey.Array("fluid", 30L)))));
    }

    [Fact]
    public async Task Queries_see_unflushed_changes_in_memory()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ComputeStateRecord>();
        await store.SetManyAsync(Computes);
        await store.FlushAsync();

        await store.UpdateAsync("a", c => c with { Type = "smoke" });
        await store.SetAsync(new ComputeStateRecord { Id = "f", Type = "smoke", Timestamp = 1 });
        Assert.Equal(["f", "a"], Ids(await store.QueryAsync("type_time", KeyRange.Between(IndexKey.Array("smoke", 0L), IndexKey.Array("smoke", 100L)))));
        Assert.Equal(["c", "d"], Ids(await store.QueryAsync("Type", KeyRange.Only("fluid"))));
    }

    [Fact]
    public async Task Multi_entry_tags_match_each_element()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<PerformanceMetricsRecord>();
        var gpuMobile = new PerformanceMetricsRecord { Id = Guid.Parse("00000000-0000-0000-0000-00000000000a"), Tags = ["gpu", "mobile"] };
        var gpu = new PerformanceMetricsRecord { Id = Guid.Parse("00000000-0000-0000-0000-00000000000b"), Tags = ["gpu", "gpu"] };
        var cpu = new PerformanceMetricsRecord { Id = Guid.Parse("00000000-0000-0000-0000-00000000000c"), Tags = ["cpu"] };
        var none = new PerformanceMetricsRecord { Id = Guid.Parse("00000000-0000-0000-0000-00000000000d") };
        await store.SetManyAsync([gpuMobile, gpu, cpu, none]);

        // Before the flush (from memory) and after it (IndexedDB's multi-entry index) the answers agree.
        for (var pass = 0; pass < 2; pass++)
        {
            Assert.Equal([gpuMobile.Id, gpu.Id], (await store.QueryAsync("Tags", KeyRange.Only("gpu"))).Select(m => m.Id));
            Assert.Equal([gpuMobile.Id], (await store.QueryAsync("Tags", KeyRange.Only("mobile"))).Select(m => m.Id));
            Assert.Equal([cpu.Id], (await store.QueryAsync("Tags", KeyRange.Between("c", "d"))).Select(m => m.Id));
            Assert.Empty(await store.QueryAsync("Tags", KeyRange.Only("tablet")));
            await store.FlushAsync();
        }

        var stored = browser.Browser.Records(Raw.Database(session.UserId), "performance_metrics").Single(r => r.Key == (IndexKey)gpuMobile.Id);
        Assert.Equal(IndexKey.Array("gpu", "mobile"), stored.IndexValues["Tags"]);

        var reload = await browser.OpenAsync();
        Assert.Equal([gpuMobile.Id, gpu.Id], (await reload.Store<PerformanceMetricsRecord>().QueryAsync("Tags", KeyRange.Only("gpu"))).Select(m => m.Id));
    }

    [Fact]
    public async Task Queries_find_records_only_in_storage_after_a_reload()
    {
        var browser = new TestBrowser();
        var first = await browser.OpenAsync();
        await first.Store<ComputeStateRecord>().SetManyAsync(Computes);
        await first.Store<ComputeStateRecord>().FlushAsync();

        var reload = await browser.OpenAsync();
        Assert.Equal(["b", "c", "e", "d"], Ids(await reload.Store<ComputeStateRecord>().QueryAsync("Timestamp", KeyRange.Between(10L, 20L))));
        Assert.Equal(["c", "d"], Ids(await reload.Store<ComputeStateRecord>().QueryAsync("type_time", KeyRange.Between(IndexKey.Array("fluid", 10L), IndexKey.Array("fluid", 20L)))));
    }

    [Fact]
    public async Task Without_IndexedDB_queries_fall_back_to_the_other_layers()
    {
        var browser = new TestBrowser();
        browser.Browser.IndexedDbUnavailable = true;
        var first = await browser.OpenAsync();
        await first.Store<ComputeStateRecord>().SetManyAsync(Computes);
        await first.Store<ComputeStateRecord>().FlushAsync();

        var reload = await browser.OpenAsync();
        Assert.Equal(["a", "c", "d"], Ids(await reload.Store<ComputeStateRecord>().QueryAsync("Type", KeyRange.Only("fluid"))));
        Assert.Equal(["c", "d"], Ids(await reload.Store<ComputeStateRecord>().QueryAsync("type_time", KeyRange.Between(IndexKey.Array("fluid", 10L), IndexKey.Array("fluid", 20L)))));
    }

    [Fact]
    public async Task An_unknown_index_is_refused_naming_the_known_ones()
    {
        var store = await ComputeStoreAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.QueryAsync("Data", KeyRange.All));
        Assert.Contains("type_time", error.Message, StringComparison.Ordinal);
    }

    private static string[] Ids(System.Collections.Generic.IEnumerable<ComputeStateRecord> records) => records.Select(c => c.Id).ToArray();

    private static async Task<IStateStore<ComputeStateRecord>> ComputeStoreAsync()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ComputeStateRecord>();
        await store.SetManyAsync(Computes);
        await store.FlushAsync();
        return store;
    }
}
