using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>The sync status: per-layer figures checked against the raw storage, online state, user.</summary>
public sealed class StatusTests
{
    [Fact]
    public async Task Layer_figures_match_what_the_storage_holds()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await session.Store<ComputeStateRecord>().SetManyAsync(Enumerable.Range(0, 3).Select(i => new ComputeStateRecord { Id = "c" + i, Type = "t", Data = new float[i * 10] }));
        await session.Store<UserPreferencesRecord>().SetAsync(new UserPreferencesRecord { Language = "fr" });
        await session.Store<ManualNoteRecord>().SetManyAsync([new ManualNoteRecord { Id = "a" }, new ManualNoteRecord { Id = "b" }]);
        await session.Store<UserSessionRecord>().SetAsync(new UserSessionRecord { SessionId = "s" });

        var before = await session.Manager.GetSyncStatusAsync();
        Assert.Equal(session.UserId, before.UserId);
        Assert.Equal(7, Layer(before, StateLayer.Memory).Entries);
        Assert.Equal(3 + 2, Layer(before, StateLayer.IndexedDb).PendingWrites);
        Assert.Equal(3 + 1 + 2, Layer(before, StateLayer.Local).PendingWrites);
        Assert.Equal(2 + 1, Layer(before, StateLayer.Session).PendingWrites);
        Assert.All(before.Layers.Where(l => l.Layer != StateLayer.Memory), l => Assert.Equal(0, l.Entries));
        Assert.All(before.Layers.Where(l => l.Layer != StateLayer.Memory), l => Assert.Null(l.LastSync));

        browser.Time.Advance(TimeSpan.FromSeconds(3));
        await session.Manager.FlushAsync();
        var after = await session.Manager.GetSyncStatusAsync();

        var records = browser.Browser.Databases.SelectMany(db => session.Manager.Bindings.SelectMany(b => browser.Browser.Records(db, b.Schema.Name))).ToList();
        Assert.Equal(5, records.Count);
        Assert.Equal(records.Count, Layer(after, StateLayer.IndexedDb).Entries);
        Assert.Equal(records.Sum(r => (long)r.Value.Length), Layer(after, StateLayer.IndexedDb).Bytes);

        var local = browser.Browser.LocalStorage.Where(p => p.Key.StartsWith($"ovs:{session.UserId}:", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, local.Count);
        Assert.Equal(local.Count, Layer(after, StateLayer.Local).Entries);
        Assert.Equal(local.Sum(p => (long)p.Value.Length), Layer(after, StateLayer.Local).Bytes);

        var sessionItems = session.Tab.SessionStorage.Where(p => p.Key.StartsWith($"ovs:{session.UserId}:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, sessionItems.Count);
        Assert.Equal(sessionItems.Count, Layer(after, StateLayer.Session).Entries);
        Assert.Equal(sessionItems.Sum(p => (long)p.Value.Length), Layer(after, StateLayer.Session).Bytes);

        foreach (var layer in new[] { StateLayer.IndexedDb, StateLayer.Local, StateLayer.Session })
        {
            var status = Layer(after, layer);
            Assert.True(status.Available);
            Assert.Equal(0, status.PendingWrites);
            Assert.Equal(TestBrowser.Epoch.AddSeconds(3), status.LastSync);
            Assert.Null(status.LastFailure);
            Assert.Null(status.LastError);
        }

        Assert.Equal(0, after.ConflictCount);
        Assert.True(after.Online);
    }

    [Fact]
    public async Task Going_offline_and_online_raises_StatusChanged_and_shows_in_the_status()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var other = await browser.OpenAsync();
        var changes = session.StatusChanges;

        browser.Browser.IsOnline = false;
        Assert.Equal(changes + 1, session.StatusChanges);
        Assert.True(other.StatusChanges > 0);
        Assert.False((await session.Manager.GetSyncStatusAsync()).Online);

        browser.Browser.IsOnline = false; // no change, no event
        Assert.Equal(changes + 1, session.StatusChanges);

        browser.Browser.IsOnline = true;
        Assert.Equal(changes + 2, session.StatusChanges);
        Assert.True((await session.Manager.GetSyncStatusAsync()).Online);
    }

    [Fact]
    public async Task Offline_does_not_stop_local_persistence()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        browser.Browser.IsOnline = false;
        await session.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1" });
        await session.Manager.FlushAsync();
        Assert.Single(Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, session.UserId));
    }

    [Fact]
    public async Task Flushes_and_maintenance_raise_StatusChanged_and_maintenance_is_timed()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var status = await session.Manager.GetSyncStatusAsync();
        Assert.Equal(TestBrowser.Epoch, status.LastRetentionRun);
        Assert.Equal(0, status.RetentionRemoved);

        var changes = session.StatusChanges;
        await session.Manager.FlushAsync();
        Assert.True(session.StatusChanges > changes);

        browser.Time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(async () => (await session.Manager.GetSyncStatusAsync()).LastRetentionRun == TestBrowser.Epoch.AddMinutes(5), "the maintenance timer");
    }

    private static LayerStatus Layer(SyncStatus status, StateLayer layer) => status.Layers.Single(l => l.Layer == layer);
}
