using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// Hydration from copies planted directly in the browser's storage: a record that only one
/// layer holds is found after a reload and back-filled into the other; a stale copy is
/// fast-forwarded; two diverged copies (written on two devices: unrelated versions) are a
/// conflict that the later write wins, whichever layer holds it, which the persisted conflict
/// log shows across reloads. Both layers hold the same entry with the same version
/// token: localStorage as <c>ovs2:{token}:{base64}</c>, IndexedDB as <c>$value</c> and <c>$ver</c>,
/// compared here as the former (<see cref="SamplePage.IndexedDbEntryTextAsync"/>).
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class HydrationTests(SampleAppFixture app, ITestOutputHelper output)
{
    private const string Computes = "compute_states";

    [Fact]
    public async Task A_record_only_in_localStorage_is_found_after_a_reload_and_back_filled_into_IndexedDB()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.SaveComputeAsync("c30", "alpha", 3000);
        var local = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c30"), v => v is not null, "c30 in localStorage");
        var stored = await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c30"), v => v is not null, "c30 in IndexedDB");

        await DeleteIndexedDbObjectAsync(page, "c30");
        Assert.Null(await page.IndexedDbObjectAsync(Computes, "c30"));

        await page.ReloadAsync();
        await Expect(page.Page.Locator("#compute-list")).ToHaveTextAsync("c30@3000");
        Assert.Equal("c30|alpha|3000|4", await page.LoadComputeAsync("c30"));
        // Back-filled with its index values, and the same copy (stamp and payload) as localStorage's.
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c30"), v => v == stored, "c30 back-filled into IndexedDB");
        Assert.Equal(local, await IndexedDbValueAsync(page, "c30"));
        Assert.Equal(local, await page.WebStorageValueAsync("localStorage", Computes, "c30"));
        Assert.Equal("c30", await page.IndexedDbIndexKeysAsync(Computes, "type_time", "IDBKeyRange.only(['alpha', 3000])"));
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task A_record_only_in_IndexedDB_is_found_after_a_reload_and_back_filled_into_localStorage()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.SaveComputeAsync("c31", "beta", 3100);
        var local = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c31"), v => v is not null, "c31 in localStorage");
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c31"), v => v is not null, "c31 in IndexedDB"));

        await SetLocalAsync(page, "c31", null);
        Assert.Null(await page.WebStorageValueAsync("localStorage", Computes, "c31"));

        await page.ReloadAsync();
        await Expect(page.Page.Locator("#compute-list")).ToHaveTextAsync("c31@3100");
        Assert.Equal("c31|beta|3100|4", await page.LoadComputeAsync("c31"));
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c31"), v => v == local, "c31 back-filled into localStorage");
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task A_stale_localStorage_copy_is_fast_forwarded_to_IndexedDBs_newer_one_without_a_conflict()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.SaveComputeAsync("c32", "alpha", 3200);
        var older = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c32"), v => v is not null, "c32 in localStorage");
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c32"), v => v == "c32|alpha|3200|" + EntryLength(older), "c32 in IndexedDB");

        // The next version descends from the first (its stamp lists the first's hash).
        await page.SaveComputeAsync("c32", "beta", 3250);
        var newer = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c32"), v => v is not null && v != older, "c32's second version in localStorage");
        await SamplePage.EventuallyAsync(() => IndexedDbValueAsync(page, "c32"), v => v == newer, "c32's second version in IndexedDB");

        await SetLocalAsync(page, "c32", older);
        await page.ReloadAsync();
        Assert.Equal("c32|beta|3250|4", await page.LoadComputeAsync("c32"));
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c32"), v => v == newer, "c32 fast-forwarded in localStorage");
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("0");
        await Expect(page.Page.Locator("#conflict-log li")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_stale_IndexedDB_copy_loses_to_the_newer_localStorage_copy_although_IndexedDB_is_read_first()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.SaveComputeAsync("c34", "alpha", 3400);
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c34"), v => v is not null, "c34 in localStorage");
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c34"), v => v is not null, "c34 in IndexedDB");
        var older = await IndexedDbSnapshotAsync(page, "c34");

        await page.SaveComputeAsync("c34", "beta", 3450);
        var newer = await SamplePage.EventuallyAsync(() => IndexedDbValueAsync(page, "c34"), v => v is not null && v != older.Value, "c34's second version in IndexedDB");
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c34"), v => v == newer, "c34's second version in localStorage");

        // The whole first object (payload and index values) goes back into IndexedDB.
        await RestoreIndexedDbSnapshotAsync(page, older.Json);
        Assert.Equal(older.Value, await IndexedDbValueAsync(page, "c34"));
        Assert.StartsWith("c34|alpha|3400|", await page.IndexedDbObjectAsync(Computes, "c34"));

        await page.ReloadAsync();
        Assert.Equal("c34|beta|3450|4", await page.LoadComputeAsync("c34"));
        await SamplePage.EventuallyAsync(() => IndexedDbValueAsync(page, "c34"), v => v == newer, "c34 fast-forwarded in IndexedDB");
        Assert.StartsWith("c34|beta|3450|", await page.IndexedDbObjectAsync(Computes, "c34"));
        Assert.Equal("c34", await page.IndexedDbIndexKeysAsync(Computes, "type_time", "IDBKeyRange.only(['beta', 3450])"));
        Assert.Equal("", await page.IndexedDbIndexKeysAsync(Computes, "type_time", "IDBKeyRange.only(['alpha', 3400])"));
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task Diverged_copies_are_a_conflict_the_later_write_in_IndexedDB_wins_localStorage_is_repaired_and_the_log_survives_reloads()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        // Another device writes c33 first: a copy with its own history (no version of it is known here).
        await using var elsewhere = await app.Browser.NewContextAsync();
        var device = await app.OpenAsync(elsewhere, output);
        await device.SaveComputeAsync("c33", "alpha", 3300);
        var first = await SamplePage.EventuallyAsync(() => device.WebStorageValueAsync("localStorage", Computes, "c33"), v => v is not null, "c33 on the other device");

        await page.SaveComputeAsync("c33", "beta", 3350);
        var second = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c33"), v => v is not null, "c33 in localStorage");
        await SamplePage.EventuallyAsync(() => IndexedDbValueAsync(page, "c33"), v => v == second, "c33 in IndexedDB");
        Assert.NotEqual(SamplePage.Versioned(first!).Token, SamplePage.Versioned(second!).Token);

        // localStorage gets the other device's copy: two copies, neither derived from the other.
        await SetLocalAsync(page, "c33", first);
        await page.ReloadAsync();
        Assert.Equal("c33|beta|3350|4", await page.LoadComputeAsync("c33"));
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("1");
        var logged = page.Page.Locator("#conflict-log li");
        await Expect(logged).ToHaveCountAsync(1);
        await Expect(logged).ToHaveTextAsync("compute_states s:c33 [Type,Data,Timestamp] IndexedDb vs Local: ours (LatestWrite)");
        await Expect(page.Page.Locator("#conflicts")).ToHaveTextAsync("1");

        // The decision is a new version that descends from both copies (so no tab meets them as a
        // conflict again), written to both layers: localStorage is repaired, and IndexedDB holds
        // the same content under that version.
        var merged = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c33"), v => v != first && v != second, "c33 repaired in localStorage");
        await SamplePage.EventuallyAsync(() => IndexedDbValueAsync(page, "c33"), v => v == merged, "the decided c33 in IndexedDB");
        Assert.StartsWith("c33|beta|3350|", await page.IndexedDbObjectAsync(Computes, "c33"));

        // The log is persisted, and localStorage alone now holds the winner.
        await DeleteIndexedDbObjectAsync(page, "c33");
        await page.ReloadAsync();
        await Expect(logged).ToHaveTextAsync("compute_states s:c33 [Type,Data,Timestamp] IndexedDb vs Local: ours (LatestWrite)");
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("1");
        Assert.Equal("c33|beta|3350|4", await page.LoadComputeAsync("c33"));
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c33"), v => v is not null, "c33 back-filled into IndexedDB"));

        // Cleared in every layer: still empty after a reload.
        await RunAsync(page, "#clear-conflicts", "cleared conflicts");
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("0");
        await Expect(logged).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("0");
        await Expect(logged).ToHaveCountAsync(0);
        Assert.Equal("c33|beta|3350|4", await page.LoadComputeAsync("c33"));
    }

    [Fact]
    public async Task A_delete_leaves_a_tombstone_in_both_layers_and_the_record_stays_deleted_after_a_reload()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.SaveComputeAsync("c36", "alpha", 3600);
        var saved = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c36"), v => v is not null, "c36 in localStorage");
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c36"), v => v == "c36|alpha|3600|" + EntryLength(saved), "c36 in IndexedDB");

        // A delete is a new version of the record (a tombstone), so that a layer or tab holding the
        // record learns it is gone: the IndexedDB object loses its index values, and both layers
        // hold the same tombstone.
        await RunAsync(page, "#delete-compute", "deleted c36");
        var tombstone = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c36"), v => v != saved, "c36's tombstone in localStorage");
        Assert.NotNull(tombstone);
        await SamplePage.EventuallyAsync(() => IndexedDbValueAsync(page, "c36"), v => v == tombstone, "c36's tombstone in IndexedDB");
        Assert.StartsWith("c36|undefined|undefined|", await page.IndexedDbObjectAsync(Computes, "c36"));
        Assert.Equal("", await page.IndexedDbIndexKeysAsync(Computes, "type_time", "IDBKeyRange.only(['alpha', 3600])"));

        await page.ReloadAsync();
        Assert.Equal("none", await page.LoadComputeAsync("c36"));
        await Expect(page.Page.Locator("#compute-list")).Not.ToContainTextAsync("c36");
    }

    [Fact]
    public async Task In_a_conflict_the_later_write_wins_even_when_only_localStorage_holds_it_and_IndexedDB_is_repaired()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        // Another device writes c35 first: the earlier copy, with its own history.
        await using var elsewhere = await app.Browser.NewContextAsync();
        var device = await app.OpenAsync(elsewhere, output);
        await device.SaveComputeAsync("c35", "alpha", 3500);
        await SamplePage.EventuallyAsync(() => device.IndexedDbObjectAsync(Computes, "c35"), v => v is not null, "c35 on the other device");
        var earlier = await IndexedDbSnapshotAsync(device, "c35");

        await page.SaveComputeAsync("c35", "beta", 3550);
        var later = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c35"), v => v is not null, "c35 in localStorage");
        await SamplePage.EventuallyAsync(() => IndexedDbValueAsync(page, "c35"), v => v == later, "c35 in IndexedDB");

        // IndexedDB, the first layer read, gets the other device's earlier copy; localStorage keeps the later one.
        await RestoreIndexedDbSnapshotAsync(page, earlier.Json);
        Assert.Equal(earlier.Value, await IndexedDbValueAsync(page, "c35"));

        await page.ReloadAsync();
        Assert.Equal("c35|beta|3550|4", await page.LoadComputeAsync("c35"));
        await Expect(page.Page.Locator("#conflict-log li")).ToHaveTextAsync("compute_states s:c35 [Type,Data,Timestamp] IndexedDb vs Local: theirs (LatestWrite)");
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("1");
        // The decision (a new version descending from both) goes to both layers: IndexedDB gets the
        // later content back, object and index values.
        var merged = await SamplePage.EventuallyAsync(() => IndexedDbValueAsync(page, "c35"), v => v != earlier.Value && v != later, "c35 repaired in IndexedDB");
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c35"), v => v == merged, "the decided c35 in localStorage");
        Assert.StartsWith("c35|beta|3550|", await page.IndexedDbObjectAsync(Computes, "c35"));
        Assert.Equal("", await page.IndexedDbIndexKeysAsync(Computes, "type_time", "IDBKeyRange.only(['alpha', 3500])"));

        // IndexedDB alone now gives the winner.
        await SetLocalAsync(page, "c35", null);
        await page.ReloadAsync();
        Assert.Equal("c35|beta|3550|4", await page.LoadComputeAsync("c35"));
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("1");
    }

    // ------------------------------------------------------------ planting copies

    private static async Task RunAsync(SamplePage page, string button, string expected)
    {
        await page.Page.BringToFrontAsync();
        var count = page.Page.Locator("#op-count");
        var before = await count.TextContentAsync();
        await page.Page.ClickAsync(button);
        await Expect(count).Not.ToHaveTextAsync(before!);
        await Expect(page.Page.Locator("#last-op")).ToHaveTextAsync(expected);
    }

    /// <summary>A localStorage item's entry length in bytes (what <see cref="SamplePage.IndexedDbObjectAsync"/> reports as the payload bytes).</summary>
    private static int EntryLength(string? item) => SamplePage.Versioned(item!).Length;

    private static async Task SetLocalAsync(SamplePage page, string key, string? value) =>
        await page.Page.EvaluateAsync(
            "([key, value]) => value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value)",
            new object?[] { $"ovs:{await page.UserIdAsync()}:{Computes}:s:{key}", value });

    /// <summary>An IndexedDB object's stored entry as localStorage holds it (<c>ovs2:{$ver}:{base64}</c>), or null.</summary>
    private static Task<string?> IndexedDbValueAsync(SamplePage page, string key) => page.IndexedDbEntryTextAsync(Computes, key);

    /// <summary>The whole stored object as JSON ($value as base64, $ver kept), and its entry as localStorage holds it.</summary>
    private static async Task<(string? Json, string? Value)> IndexedDbSnapshotAsync(SamplePage page, string key)
    {
        var json = await page.Page.EvaluateAsync<string?>(
            Open + """
            const object = await request(db.transaction(store).objectStore(store).get(key));
            if (object === undefined) return null;
            let text = '';
            for (const b of object.$value) text += String.fromCharCode(b);
            return JSON.stringify({ ...object, $value: btoa(text) });
            """ + Close,
            new object[] { await page.DatabaseAsync(), Computes, key });
        if (json is null)
        {
            return (null, null);
        }

        var root = System.Text.Json.JsonDocument.Parse(json).RootElement;
        return (json, $"ovs2:{root.GetProperty("$ver").GetString()}:{root.GetProperty("$value").GetString()}");
    }

    private static async Task RestoreIndexedDbSnapshotAsync(SamplePage page, string? json) =>
        await page.Page.EvaluateAsync(
            Open + """
            const object = JSON.parse(key);
            object.$value = Uint8Array.from(atob(object.$value), (c) => c.charCodeAt(0));
            const tx = db.transaction(store, 'readwrite');
            tx.objectStore(store).put(object);
            await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
            """ + Close,
            new object[] { await page.DatabaseAsync(), Computes, json! });

    private static async Task DeleteIndexedDbObjectAsync(SamplePage page, string key) =>
        await page.Page.EvaluateAsync(
            Open + """
            const tx = db.transaction(store, 'readwrite');
            tx.objectStore(store).delete(key);
            await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
            """ + Close,
            new object[] { await page.DatabaseAsync(), Computes, key });

    private const string Open = """
        async ([name, store, key]) => {
          const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
          const db = await request(indexedDB.open(name));
          try {
        """;

    private const string Close = """
          } finally {
            db.close();
          }
        }
        """;
}
