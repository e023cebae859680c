using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Stores;

public sealed class StoreSmokeTests
{
    [Fact]
    public async Task A_write_reaches_every_layer_and_survives_a_reload()
    {
        var browser = new InMemoryBrowser();
        var first = new StateSyncManager(new OvasabiStateOptions { Storage = browser.OpenTab() });
        await first.InitializeAsync();
        var store = first.Store<ComputeStateRecord>();
        await store.SetAsync(new ComputeStateRecord { Id = "c1", Type = "particles", Data = [1f, 2f], Timestamp = 5 });
        await store.FlushAsync();

        var status = await first.GetSyncStatusAsync();
        Assert.Equal(1, status.Layers.Single(l => l.Layer == StateLayer.IndexedDb).Entries);
        Assert.Equal(1, status.Layers.Single(l => l.Layer == StateLayer.Local).Entries);

        var second = new StateSyncManager(new OvasabiStateOptions { Storage = browser.OpenTab() });
        await second.InitializeAsync();
        var again = await second.Store<ComputeStateRecord>().FindAsync("c1");
        Assert.NotNull(again);
        Assert.Equal([1f, 2f], again!.Data);
        Assert.Equal(first.Identity.UserId, second.Identity.UserId);

        var byType = await second.Store<ComputeStateRecord>().QueryAsync("Type", KeyRange.Only("particles"));
        Assert.Single(byType);
    }
}
