using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Stores;

/// <summary>
/// Operations on many keys read each lower layer once (one boundary call), not once per key,
/// and reconcile what they read exactly as the per-key path does.
/// </summary>
public sealed class BatchedReadTests
{
    /// <summary>Copies planted in a subset of the three lower layers (bit i: the record's i-th lower layer).</summary>
    public static TheoryData<int> AnyLayers => new() { 1, 2, 3, 4, 5, 6, 7 };

    private static readonly string[] DivergedKeys = ["r1", "r2", "r3"];

    [Fact]
    public async Task SetMany_of_new_keys_reads_each_lower_layer_once_not_once_per_key()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var (indexedDb, webStorage) = (browser.Browser.IndexedDbReads, browser.Browser.WebStorageReads);

        var notes = Enumerable.Range(0, 50).Select(i => new ManualNoteRecord { Id = $"n{i:00}", Title = "t" + i }).ToList();
        await session.Store<ManualNoteRecord>().SetManyAsync(notes);

        Assert.Equal(1, browser.Browser.IndexedDbReads - indexedDb);
        Assert.Equal(2, browser.Browser.WebStorageReads - webStorage); // sessionStorage and localStorage
        await session.Manager.FlushAsync();
        Assert.Equal(50, Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, session.UserId).Count);
        Assert.All(notes, n => Assert.Empty(Raw.Read<ManualNoteRecord>(StateLayer.Local, session.Tab, session.UserId, n.Id)!.Stamp.Ancestors)); // first versions
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task SetMany_over_stored_records_writes_descendants_of_the_stored_copies_without_conflicts()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var stored = Enumerable.Range(0, 5).Select(i => new ManualNoteRecord { Id = $"n{i}", Title = "stored", Edits = i }).ToList();
        var planted = stored.ToDictionary(n => n.Id, n => Raw.Entry(n, version: 3));
        foreach (var entry in planted.Values)
        {
            Raw.PlantIndexedDb<ManualNoteRecord>(browser.Browser, user, entry);
        }

        var session = await browser.OpenAsync(tab);
        var reads = browser.Browser.IndexedDbReads;
        await session.Store<ManualNoteRecord>().SetManyAsync(stored.Select(n => n with { Title = "edited" }).Append(new ManualNoteRecord { Id = "new" }));
        Assert.Equal(1, browser.Browser.IndexedDbReads - reads);
        await session.Manager.FlushAsync();

        foreach (var note in stored)
        {
            var entry = Raw.Read<ManualNoteRecord>(StateLayer.IndexedDb, tab, user, note.Id)!;
            Assert.True(entry.Stamp.Version > planted[note.Id].Stamp.Version);
            Assert.True(entry.Stamp.DescendsFrom(planted[note.Id].Stamp.Version));
            ContentAssert.Same(note with { Title = "edited" }, Raw.ValueIn<ManualNoteRecord>(StateLayer.Session, tab, user, note.Id));
        }

        Assert.Empty(Raw.Read<ManualNoteRecord>(StateLayer.IndexedDb, tab, user, "new")!.Stamp.Ancestors);
        Assert.Empty(session.Conflicts);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task List_reads_each_lower_layer_once_and_hydrates_from_that_read()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var notes = Enumerable.Range(0, 30).Select(i => new ManualNoteRecord { Id = $"n{i:00}", Title = "t" + i }).ToList();
        foreach (var note in notes)
        {
            Raw.PlantIndexedDb<ManualNoteRecord>(browser.Browser, user, Raw.Entry(note));
            Raw.PlantLocal<ManualNoteRecord>(browser.Browser, user, Raw.Entry(note));
        }

        var session = await browser.OpenAsync(tab);
        var (indexedDb, webStorage) = (browser.Browser.IndexedDbReads, browser.Browser.WebStorageReads);
        var listed = await session.Store<ManualNoteRecord>().ListAsync();

        Assert.Equal(notes.Select(n => n.Id), listed.Select(n => n.Id));
        Assert.Equal(1, browser.Browser.IndexedDbReads - indexedDb);
        Assert.Equal(2, browser.Browser.WebStorageReads - webStorage);

        // Memory holds them now: finding one reads nothing.
        ContentAssert.Same(notes[7], await session.Store<ManualNoteRecord>().FindAsync("n07"));
        Assert.Equal(1, browser.Browser.IndexedDbReads - indexedDb);
        Assert.Equal(30, (await session.LayerAsync(StateLayer.Session)).PendingWrites); // to be back-filled into sessionStorage
    }

    [Fact]
    public async Task A_cold_query_hydrates_from_the_records_it_returned_without_reading_them_again()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var states = Enumerable.Range(0, 40).Select(i => new ComputeStateRecord { Id = $"c{i:00}", Type = i % 2 == 0 ? "fluid" : "gas", Timestamp = i }).ToList();
        foreach (var state in states)
        {
            browser.Browser.PlantRecord(Raw.Database(user), "compute_states", new IndexedDbRecord(state.Id, Raw.Entry(state).Encode(), Raw.IndexValues(state)));
        }

        var session = await browser.OpenAsync(tab);
        var (indexedDb, webStorage) = (browser.Browser.IndexedDbReads, browser.Browser.WebStorageReads);
        var found = await session.Store<ComputeStateRecord>().QueryAsync("Timestamp", KeyRange.Between(10, 19));

        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"c{i:00}"), found.Select(s => s.Id));
        Assert.Equal(1, browser.Browser.IndexedDbReads - indexedDb); // the query itself
        Assert.Equal(1, browser.Browser.WebStorageReads - webStorage); // localStorage, once for the ten
        Assert.Equal(10, (await session.LayerAsync(StateLayer.Local)).PendingWrites); // back-filled
    }

    [Theory]
    [MemberData(nameof(AnyLayers))]
    public async Task List_reconciles_diverged_copies_exactly_as_finding_each_key_does(int mask)
    {
        var batched = await DivergedAsync(mask, async store => (await store.ListAsync()).ToList());
        var perKey = await DivergedAsync(mask, async store =>
        {
            var values = new List<ManualNoteRecord>();
            foreach (var id in DivergedKeys)
            {
                values.Add((await store.FindAsync(id))!);
            }

            return values;
        });

        Assert.Equal(perKey.Values.Count, batched.Values.Count);
        for (var i = 0; i < perKey.Values.Count; i++)
        {
            ContentAssert.Same(perKey.Values[i], batched.Values[i]);
        }

        Assert.Equal(perKey.Conflicts, batched.Conflicts);
        Assert.Equal(perKey.Pending, batched.Pending);
        Assert.Equal(perKey.Stored, batched.Stored);
    }

    [Fact]
    public async Task A_corrupt_copy_fails_its_own_key_only_and_the_others_hydrate()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var good = new ManualNoteRecord { Id = "n1", Title = "good" };
        Raw.PlantLocal<ManualNoteRecord>(browser.Browser, user, Raw.Entry(good));
        Raw.PlantLocal<ManualNoteRecord>(browser.Browser, user, Raw.Entry(good with { Id = "n2" }));
        browser.Browser.LocalStorage[Raw.WebKey<ManualNoteRecord>(user, "n2")] = "not base64!";

        var session = await browser.OpenAsync(tab);
        await session.Store<ManualNoteRecord>().SetManyAsync([good with { Title = "edited" }, good with { Id = "n2", Title = "edited" }]);

        var error = Assert.Single(session.Errors);
        Assert.Equal(StateLayer.Local, error.Layer);
        Assert.Equal(StorageFailure.Corrupt, error.Failure);
        Assert.Equal((IndexKey)"n2", error.Key);
        await session.Manager.FlushAsync();
        Assert.NotEmpty(Raw.Read<ManualNoteRecord>(StateLayer.Local, tab, user, "n1")!.Stamp.Ancestors); // a descendant of the readable copy
        Assert.Empty(Raw.Read<ManualNoteRecord>(StateLayer.Local, tab, user, "n2")!.Stamp.Ancestors); // a first version over the unreadable one
    }

    [Fact]
    public async Task The_boundary_default_reads_one_by_one_and_leaves_absent_keys_out()
    {
        var browser = new TestBrowser();
        var tab = browser.Browser.OpenTab();
        browser.Browser.PlantRecord("db", "s", new IndexedDbRecord("a", [1], new Dictionary<string, IndexKey>()));
        browser.Browser.PlantRecord("db", "s", new IndexedDbRecord("c", [3], new Dictionary<string, IndexKey>()));
        tab.SessionStorage["x"] = "1";
        IBrowserStorage wrapped = new HeldMessagesTab(tab); // implements only the per-key reads

        var reads = browser.Browser.IndexedDbReads;
        var records = await wrapped.GetRecordsAsync("db", "s", ["a", "b", "c"]);
        Assert.Equal(["a", "c"], records.Select(r => r.Key).OrderBy(k => k).Select(k => k.Text));
        Assert.Equal(3, browser.Browser.IndexedDbReads - reads);
        Assert.Equal(["1", null], await wrapped.GetItemsAsync(WebStorageArea.Session, ["x", "y"]));

        reads = browser.Browser.IndexedDbReads;
        var direct = await tab.GetRecordsAsync("db", "s", ["c", "b", "a", "a"]);
        Assert.Equal(["a", "c"], direct.Select(r => r.Key).OrderBy(k => k).Select(k => k.Text));
        Assert.Equal(1, browser.Browser.IndexedDbReads - reads);
        Assert.Equal([null, "1"], await tab.GetItemsAsync(WebStorageArea.Session, ["y", "x"]));
    }

    /// <summary>
    /// Three keys with independent (diverged) copies in the layers of <paramref name="mask"/>,
    /// hydrated by <paramref name="read"/>; what the app and the layers end with.
    /// </summary>
    private static async Task<(List<ManualNoteRecord> Values, string[] Conflicts, int[] Pending, string[] Stored)> DivergedAsync(
        int mask, Func<IStateStore<ManualNoteRecord>, Task<List<ManualNoteRecord>>> read)
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var tab = browser.Browser.OpenTab();
        var lower = ManualNoteRecord.OvasabiStateBinding.Instance.Layers.Where(l => l != StateLayer.Memory).ToList();
        var held = lower.Where((_, i) => (mask & (1 << i)) != 0).ToList();
        foreach (var id in DivergedKeys)
        {
            foreach (var layer in held)
            {
                var copy = new ManualNoteRecord { Id = id, Title = $"{id} from {layer}", Edits = (int)layer, Labels = [layer.ToString()] };
                Raw.Plant<ManualNoteRecord>(layer, tab, user, Raw.Entry(copy, version: 10 - (int)layer, at: TestBrowser.Epoch.AddMinutes(-(int)layer)));
            }
        }

        var session = await browser.OpenAsync(tab);
        var values = await read(session.Store<ManualNoteRecord>());
        var conflicts = (await session.Manager.GetConflictsAsync()).Select(c => $"{c.Key} {c.OursLayer}/{c.TheirsLayer} {string.Join(",", c.Members)} {c.Winner}").Order(StringComparer.Ordinal).ToArray();
        var pending = new List<int>();
        foreach (var layer in lower)
        {
            pending.Add((await session.LayerAsync(layer)).PendingWrites);
        }

        await session.Manager.FlushAsync();
        var stored = lower.SelectMany(layer => DivergedKeys.Select(id => $"{layer} {id} {Raw.Read<ManualNoteRecord>(layer, tab, user, id)?.Stamp.ContentHash}")).ToArray();
        Assert.Empty(session.Errors);
        return (values, conflicts, pending.ToArray(), stored);
    }
}
