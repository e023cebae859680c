using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Pools;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>
/// The storage inspector (InspectAsync), storage timings (GetMetrics), and the tools the demo uses
/// to provoke real conflicts and expiries (WriteLayerCopyAsync, ReloadAsync).
/// </summary>
public sealed class InspectionTests
{
    [Fact]
    public async Task Inspect_shows_every_layers_copies_with_keys_sizes_stamps_and_a_decoded_preview()
    {
        var browser = new TestBrowser();
        var tab = await browser.OpenAsync();
        var notes = tab.Store<ManualNoteRecord>();
        await notes.SetAsync(new ManualNoteRecord { Id = "a", Title = "first" });
        await notes.SetAsync(new ManualNoteRecord { Id = "b", Title = "second" });
        await notes.FlushAsync();
        await notes.SetAsync(new ManualNoteRecord { Id = "c", Title = "memory only" });

        var inventory = await tab.Manager.InspectAsync();
        var store = inventory.Single(s => s.Store == "manual_notes");
        Assert.Equal([StateLayer.Memory, StateLayer.IndexedDb, StateLayer.Local, StateLayer.Session], store.Layers.Select(l => l.Layer));
        Assert.Equal(["s:a", "s:b", "s:c"], store.Layers[0].Copies.Select(c => c.Key));
        foreach (var layer in store.Layers.Skip(1))
        {
            Assert.True(layer.Available);
            Assert.Equal(["s:a", "s:b"], layer.Copies.Select(c => c.Key));
            Assert.Contains("Title = second", layer.Copies[1].Preview, StringComparison.Ordinal);
            Assert.Equal(store.Layers[0].Copies[1].ContentHash, layer.Copies[1].ContentHash);
            Assert.Equal(tab.Storage.InstanceId, layer.Copies[0].Origin);
        }

        // Sizes are what each layer holds: Web Storage keeps "ovs2:{version}:" and base64, a third larger than the bytes.
        var idb = store.Layers[1].Copies[0].Bytes;
        var stored = browser.Browser.LocalStorage[Raw.WebKey<ManualNoteRecord>(tab.UserId, "a")];
        Assert.Equal(stored.Length, store.Layers[2].Copies[0].Bytes);
        Assert.Equal((idb + 2) / 3 * 4 + "ovs2:".Length + store.Layers[2].Copies[0].Version.Length + 1, store.Layers[2].Copies[0].Bytes);
        Assert.Equal(store.Layers[2].Copies.Sum(c => c.Bytes), store.Layers[2].Bytes);
        Assert.Contains(inventory, s => s.Store == "ovasabi_conflicts");
    }

    [Fact]
    public async Task Inspect_counts_a_corrupt_copy_as_unreadable_and_shows_an_unavailable_layer_as_such()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        Raw.PlantIndexedDb<ManualNoteRecord>(browser.Browser, user, Raw.Entry(new ManualNoteRecord { Id = "ok", Title = "intact" }));
        browser.Browser.LocalStorage[Raw.WebKey<ManualNoteRecord>(user, "bad")] = Convert.ToBase64String([0x4F, 0x56, 1, 2, 3]);
        browser.Browser.LocalStorage[Raw.WebKey<ManualNoteRecord>(user, "ok")] = Convert.ToBase64String(Raw.Entry(new ManualNoteRecord { Id = "ok", Title = "intact" }).Encode());
        var tab = await browser.OpenAsync();

        var store = (await tab.Manager.InspectAsync()).Single(s => s.Store == "manual_notes");
        var local = store.Layers.Single(l => l.Layer == StateLayer.Local);
        Assert.Equal(["s:ok"], local.Copies.Select(c => c.Key));
        Assert.Equal(1, local.Unreadable);

        browser.Browser.IndexedDbUnavailable = true;
        var blocked = await browser.OpenAsync();
        var idb = (await blocked.Manager.InspectAsync()).Single(s => s.Store == "manual_notes").Layers.Single(l => l.Layer == StateLayer.IndexedDb);
        Assert.False(idb.Available);
        Assert.Empty(idb.Copies);
    }

    [Fact]
    public async Task A_diverged_copy_written_into_one_layer_becomes_a_logged_conflict_on_reload_resolved_by_priority()
    {
        var browser = new TestBrowser();
        var tab = await browser.OpenAsync();
        var notes = tab.Store<ManualNoteRecord>();
        await notes.SetAsync(new ManualNoteRecord { Id = "n", Title = "base" });
        await notes.FlushAsync();
        await notes.SetAsync(new ManualNoteRecord { Id = "n", Title = "this tab" });
        await notes.FlushAsync();

        await tab.Manager.WriteLayerCopyAsync(StateLayer.Local, new ManualNoteRecord { Id = "n", Title = "other device" }, origin: "device-2");

        // Memory still shows this tab's copy; nothing has compared the layers yet.
        Assert.Equal("this tab", (await notes.FindAsync("n"))!.Title);
        Assert.Empty(tab.Conflicts);

        Assert.True(await tab.Manager.ReloadAsync() >= 1);
        Assert.Equal("this tab", (await notes.FindAsync("n"))!.Title); // IndexedDB outranks localStorage
        var conflict = Assert.Single(await tab.Manager.GetConflictsAsync());
        Assert.Equal("manual_notes", conflict.Store);
        Assert.Equal(["Title"], conflict.Members);
        Assert.Equal(StateLayer.Local, conflict.TheirsLayer);
        Assert.Equal("device-2", conflict.TheirsOrigin);
        Assert.Equal("other device", tab.Store<ManualNoteRecord>().Binding.Deserialize(conflict.TheirsPayload).Title);
        Assert.Equal("this tab", tab.Store<ManualNoteRecord>().Binding.Deserialize(conflict.OursPayload).Title);

        // The losing layer is repaired (this type syncs on demand).
        await notes.FlushAsync();
        var local = (await tab.Manager.InspectAsync()).Single(s => s.Store == "manual_notes").Layers.Single(l => l.Layer == StateLayer.Local);
        Assert.Contains("this tab", Assert.Single(local.Copies).Preview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_conflict_on_a_periodic_four_layer_type_repairs_localStorage_on_the_next_sync()
    {
        // What the sample's "Provoke a conflict" button does, on the campaign record (all four layers, periodic sync).
        var browser = new TestBrowser();
        var tab = await browser.OpenAsync();
        var campaigns = tab.Store<CampaignStateRecord>();
        var original = new CampaignStateRecord(900, "Conflict demo", CampaignStatus.Running) { Notes = "original" };
        await campaigns.SetAsync(original);
        await campaigns.FlushAsync();
        browser.Time.Advance(TimeSpan.FromSeconds(1));
        var deviceEditedAt = browser.Time.GetUtcNow();
        browser.Time.Advance(TimeSpan.FromSeconds(1));
        await campaigns.SetAsync(original with { Notes = "edited in this tab" });
        await campaigns.FlushAsync();
        // Another device edited Notes and Status in between, knowing nothing of this tab's copies.
        await tab.Manager.WriteLayerCopyAsync(StateLayer.Local, original with { Notes = "edited on another device", Status = CampaignStatus.Paused }, origin: "another-device", writtenAt: deviceEditedAt);

        await tab.Manager.ReloadAsync();
        var merged = (await campaigns.FindAsync(900L))!;
        Assert.Equal("edited in this tab", merged.Notes); // this tab wrote Notes last
        Assert.Equal(CampaignStatus.Paused, merged.Status); // the device wrote Status after the original
        var conflict = Assert.Single(await tab.Manager.GetConflictsAsync());
        Assert.Equal("merged", conflict.Winner);
        Assert.Equal(["LatestWrite"], conflict.DecidedBy.Distinct());

        await tab.Manager.FlushAsync();
        var local = (await tab.Manager.InspectAsync()).Single(s => s.Store == "campaign_states").Layers.Single(l => l.Layer == StateLayer.Local);
        var repaired = Assert.Single(local.Copies).Preview;
        Assert.Contains("Notes = edited in this tab", repaired, StringComparison.Ordinal);
        Assert.Contains("Audiences = List[…]", repaired, StringComparison.Ordinal); // collections shortened so later members show
    }

    [Fact]
    public async Task A_layer_copy_cannot_go_to_memory_or_to_a_layer_the_type_does_not_use()
    {
        var tab = await new TestBrowser().OpenAsync();
        var toSession = await Assert.ThrowsAsync<ArgumentException>(() =>
            tab.Manager.WriteLayerCopyAsync(StateLayer.Session, new UserPreferencesRecord()));
        Assert.Contains("not stored in Session", toSession.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            tab.Manager.WriteLayerCopyAsync(StateLayer.Memory, new ManualNoteRecord { Id = "x" }));
    }

    [Fact]
    public async Task A_copy_written_long_ago_is_removed_by_retention()
    {
        var browser = new TestBrowser();
        var tab = await browser.OpenAsync();
        var old = new PerformanceMetricsRecord { Id = Guid.NewGuid(), PeakFps = 30 };
        await tab.Manager.WriteLayerCopyAsync(StateLayer.IndexedDb, old, writtenAt: browser.Time.GetUtcNow() - TimeSpan.FromDays(2));
        Assert.NotNull(await tab.Store<PerformanceMetricsRecord>().FindAsync(old.Id));

        Assert.Equal(1, await tab.Manager.RunMaintenanceAsync());
        Assert.Null(await tab.Store<PerformanceMetricsRecord>().FindAsync(old.Id));
        Assert.Equal(1, (await tab.Manager.GetSyncStatusAsync()).RetentionRemoved);
    }

    [Fact]
    public async Task Reload_keeps_writes_that_a_layer_refused_so_nothing_is_lost()
    {
        var browser = new TestBrowser();
        var tab = await browser.OpenAsync();
        var notes = tab.Store<ManualNoteRecord>();
        await notes.SetAsync(new ManualNoteRecord { Id = "stored", Title = "in every layer" });
        await notes.FlushAsync();
        browser.Browser.LocalStorageQuota = 0;
        await notes.SetAsync(new ManualNoteRecord { Id = "refused", Title = "localStorage is full" });

        Assert.Equal(1, (await tab.Manager.InspectAsync()).Single(s => s.Store == "manual_notes").Layers[0].Copies.Count(c => c.Key == "s:refused"));
        await tab.Manager.ReloadAsync();

        var memory = (await tab.Manager.InspectAsync()).Single(s => s.Store == "manual_notes").Layers[0];
        Assert.Equal(["s:refused"], memory.Copies.Select(c => c.Key)); // pending for localStorage: kept
        Assert.Equal("localStorage is full", (await notes.FindAsync("refused"))!.Title);
        Assert.Equal("in every layer", (await notes.FindAsync("stored"))!.Title); // hydrated again
    }

    [Fact]
    public async Task Metrics_count_each_layers_batches_records_and_bytes_and_report_the_shared_pools()
    {
        var browser = new TestBrowser();
        var tab = await browser.OpenAsync();
        var before = tab.Manager.GetMetrics();
        var notes = tab.Store<ManualNoteRecord>();
        await notes.SetManyAsync(Enumerable.Range(0, 5).Select(i => new ManualNoteRecord { Id = "m" + i, Title = "t" }));
        await notes.FlushAsync();
        using (ComputeBufferPool.Shared.Rent(1024))
        {
        }

        var after = tab.Manager.GetMetrics();
        Assert.Equal([StateLayer.Session, StateLayer.Local, StateLayer.IndexedDb], after.Layers.Select(l => l.Layer));
        foreach (var layer in after.Layers)
        {
            var earlier = before.Layers.Single(l => l.Layer == layer.Layer);
            Assert.Equal(earlier.Writes.Count + 1, layer.Writes.Count); // one batch per layer
            Assert.Equal(earlier.RecordsWritten + 5, layer.RecordsWritten);
            Assert.True(layer.BytesWritten > earlier.BytesWritten);
            Assert.True(layer.Writes.Max >= layer.Writes.Mean);
        }

        Assert.True(after.ComputeBuffers.Rented > before.ComputeBuffers.Rented);
    }
}
