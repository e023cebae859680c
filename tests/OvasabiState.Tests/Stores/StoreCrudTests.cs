using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Stores;

/// <summary>The typed store's get, set, update, delete and list, checked through the API and in raw storage.</summary>
public sealed class StoreCrudTests
{
    [Fact]
    public async Task Set_then_get_and_find_return_the_value_and_it_persists_across_a_reload()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ComputeStateRecord>();
        var value = new ComputeStateRecord { Id = "c1", Type = "fluid", Data = [1f, 2f], Params = new SimulationParams { Gravity = -1f }, Performance = new PerformanceSnapshot(60, 2, 3) };
        await store.SetAsync(value);

        ContentAssert.Same(value, await store.FindAsync("c1"));
        ContentAssert.Same(value, await store.GetAsync("c1"));
        await store.FlushAsync();
        ContentAssert.Same(value, Raw.ValueIn<ComputeStateRecord>(StateLayer.IndexedDb, session.Tab, session.UserId, "c1"));
        ContentAssert.Same(value, Raw.ValueIn<ComputeStateRecord>(StateLayer.Local, session.Tab, session.UserId, "c1"));
        Assert.StartsWith($"ovs:{session.UserId}:compute_states:s:c1", Raw.LocalKeys<ComputeStateRecord>(browser.Browser, session.UserId).Single(), StringComparison.Ordinal);

        var reload = await browser.OpenAsync();
        ContentAssert.Same(value, await reload.Store<ComputeStateRecord>().FindAsync("c1"));
    }

    [Fact]
    public async Task Update_reads_transforms_and_writes_and_returns_the_changed_members()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ManualNoteRecord>();
        await store.SetAsync(new ManualNoteRecord { Id = "n1", Title = "a", Edits = 1 });

        var changed = await store.UpdateAsync("n1", n => n with { Title = "b", Edits = n.Edits + 1 });
        Assert.Equal(["Title", "Edits"], changed.Names(store.Binding.MemberNames));
        var stored = await store.FindAsync("n1");
        Assert.Equal(("b", 2), (stored!.Title, stored.Edits));

        // Missing record: the update starts from the generated default.
        var created = await store.UpdateAsync("n2", n => n with { Id = "n2", Edits = n.Edits + 5 });
        Assert.Contains("Edits", created.Names(store.Binding.MemberNames));
        Assert.Equal(5, (await store.FindAsync("n2"))!.Edits);

        // An update that changes nothing writes nothing.
        await store.FlushAsync();
        Assert.True((await store.UpdateAsync("n1", n => n with { })).IsEmpty);
        Assert.Equal(0, (await session.LayerAsync(StateLayer.IndexedDb)).PendingWrites);

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.UpdateAsync("n1", n => n with { Id = "other" }));
        Assert.Null(await store.FindAsync("other"));
    }

    [Fact]
    public async Task Delete_leaves_a_tombstone_in_every_layer_and_reports_whether_it_existed()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ManualNoteRecord>();
        await store.SetManyAsync([new ManualNoteRecord { Id = "n1" }, new ManualNoteRecord { Id = "n2" }]);
        await store.FlushAsync();

        Assert.True(await store.DeleteAsync("n1"));
        Assert.False(await store.DeleteAsync("n1"));
        Assert.False(await store.DeleteAsync("never"));
        await store.FlushAsync();

        foreach (var layer in new[] { StateLayer.IndexedDb, StateLayer.Local, StateLayer.Session })
        {
            // A versioned delete, so a tab or layer that still holds the record learns it is gone.
            Assert.True(Raw.Read<ManualNoteRecord>(layer, session.Tab, session.UserId, "n1")!.Stamp.Deleted);
            Assert.False(Raw.Read<ManualNoteRecord>(layer, session.Tab, session.UserId, "n2")!.Stamp.Deleted);
        }

        var reload = await browser.OpenAsync(session.Tab);
        Assert.Null(await reload.Store<ManualNoteRecord>().FindAsync("n1"));
    }

    [Fact]
    public async Task A_deleted_record_stays_deleted_before_the_flush_whatever_reads_it()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ComputeStateRecord>();
        await store.SetManyAsync([new ComputeStateRecord { Id = "c1", Type = "gone" }, new ComputeStateRecord { Id = "c2", Type = "kept" }]);
        await store.FlushAsync();

        Assert.True(await store.DeleteAsync("c1")); // the lower layers still hold it until the flush
        Assert.Null(await store.FindAsync("c1"));
        Assert.Equal(["c2"], (await store.ListAsync()).Select(c => c.Id));
        Assert.Empty(await store.QueryAsync("Type", KeyRange.Only("gone")));
        Assert.False(await store.DeleteAsync("c1"));

        await store.FlushAsync();
        Assert.Equal(["c2"], Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, session.UserId).Select(c => c.Id));
        Assert.Single(Raw.LocalKeys<ComputeStateRecord>(browser.Browser, session.UserId));
    }

    [Fact]
    public async Task A_deleted_record_can_be_written_again_before_the_flush()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ManualNoteRecord>();
        await store.SetAsync(new ManualNoteRecord { Id = "n1", Title = "first" });
        await store.FlushAsync();
        await store.DeleteAsync("n1");
        await store.SetAsync(new ManualNoteRecord { Id = "n1", Title = "second" });
        await store.FlushAsync();

        Assert.Equal("second", Raw.ValueIn<ManualNoteRecord>(StateLayer.IndexedDb, session.Tab, session.UserId, "n1")!.Title);
        Assert.Equal("second", (await store.FindAsync("n1"))!.Title);
    }

    [Fact]
    public async Task List_returns_every_record_of_every_layer_in_key_order()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        Raw.PlantIndexedDb<ManualNoteRecord>(browser.Browser, user, Raw.Entry(new ManualNoteRecord { Id = "b-idb" }));
        Raw.PlantLocal<ManualNoteRecord>(browser.Browser, user, Raw.Entry(new ManualNoteRecord { Id = "d-local" }));
        Raw.PlantSession<ManualNoteRecord>(tab, user, Raw.Entry(new ManualNoteRecord { Id = "a-session" }));
        var session = await browser.OpenAsync(tab);
        await session.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "c-memory" });

        Assert.Equal(["a-session", "b-idb", "c-memory", "d-local"], (await session.Store<ManualNoteRecord>().ListAsync()).Select(n => n.Id));
    }

    [Fact]
    public async Task A_singleton_record_has_one_value_per_user_under_the_singleton_key()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<UserPreferencesRecord>();
        Assert.Equal(new UserPreferencesRecord(), await store.GetAsync());

        await store.SetAsync(new UserPreferencesRecord { Theme = Theme.Light, ParticleCount = 500 });
        await store.UpdateAsync(IndexKey.Singleton, p => p with { ShowOverlay = false });
        browser.Time.Advance(TestBrowser.RealtimeDelay);
        await Eventually.TrueAsync(() => browser.Browser.LocalStorage.ContainsKey(Raw.WebKey<UserPreferencesRecord>(session.UserId, IndexKey.Singleton)), "the preferences flush");

        var stored = Raw.ValueIn<UserPreferencesRecord>(StateLayer.Local, session.Tab, session.UserId, IndexKey.Singleton);
        Assert.Equal(new UserPreferencesRecord { Theme = Theme.Light, ParticleCount = 500, ShowOverlay = false }, stored);
        var reload = await browser.OpenAsync();
        Assert.Equal(stored, await reload.Store<UserPreferencesRecord>().GetAsync());
    }

    [Fact]
    public async Task A_record_without_a_key_value_is_refused()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await Assert.ThrowsAsync<ArgumentException>(async () => await session.Store<ComputeStateRecord>().SetAsync(new ComputeStateRecord { Id = null!, Type = "t" }));
        Assert.Equal(0, (await session.LayerAsync(StateLayer.Memory)).Entries);
    }

    [Fact]
    public async Task An_unregistered_type_is_refused_with_a_clear_message()
    {
        var browser = new TestBrowser();
        var manager = new OvasabiState.Sync.StateSyncManager(new OvasabiStateOptions { Storage = browser.Browser.OpenTab(), Bindings = [ComputeStateRecord.OvasabiStateBinding.Instance] });
        await manager.InitializeAsync();
        var error = Assert.Throws<InvalidOperationException>(() => manager.Store<ManualNoteRecord>());
        Assert.Contains("ManualNoteRecord", error.Message, StringComparison.Ordinal);
        Assert.NotNull(manager.Store<ComputeStateRecord>());
    }
}
