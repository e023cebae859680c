using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// Hydration from copies planted directly in the browser's storage: a record that only one
/// layer holds is found after a reload and back-filled into the other; a stale copy is
/// fast-forwarded; two diverged copies are a conflict that IndexedDB (the higher priority of
/// ComputeStateRecord) wins, which the persisted conflict log shows across reloads.
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
    public async Task Diverged_copies_are_a_conflict_IndexedDB_wins_by_priority_localStorage_is_repaired_and_the_log_survives_reloads()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.SaveComputeAsync("c33", "alpha", 3300);
        var first = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c33"), v => v is not null, "c33 in localStorage");
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c33"), v => v is not null, "c33 in IndexedDB");

        // Deleted and written again: the new record starts a new history, unrelated to the first.
        await RunAsync(page, "#delete-compute", "deleted c33");
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c33"), v => v is null, "c33 deleted from localStorage");
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c33"), v => v is null, "c33 deleted from IndexedDB");
        await page.SaveComputeAsync("c33", "beta", 3350);
        var second = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c33"), v => v is not null, "c33's second record in localStorage");
        await SamplePage.EventuallyAsync(() => IndexedDbValueAsync(page, "c33"), v => v == second, "c33's second record in IndexedDB");
        Assert.NotEqual(first, second);

        // localStorage gets the first record back: two copies, neither derived from the other.
        await SetLocalAsync(page, "c33", first);
        await page.ReloadAsync();
        Assert.Equal("c33|beta|3350|4", await page.LoadComputeAsync("c33"));
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("1");
        var logged = page.Page.Locator("#conflict-log li");
        await Expect(logged).ToHaveCountAsync(1);
        await Expect(logged).ToHaveTextAsync("compute_states s:c33 [Type,Data,Timestamp] IndexedDb vs Local: ours (LayerPriority)");
        await Expect(page.Page.Locator("#conflicts")).ToHaveTextAsync("1");

        // localStorage is repaired (a new stamp over IndexedDB's content); IndexedDB keeps its copy.
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c33"), v => v != first, "c33 repaired in localStorage");
        Assert.Equal(second, await IndexedDbValueAsync(page, "c33"));

        // The log is persisted, and localStorage alone now holds the winner.
        await DeleteIndexedDbObjectAsync(page, "c33");
        await page.ReloadAsync();
        await Expect(logged).ToHaveTextAsync("compute_states s:c33 [Type,Data,Timestamp] IndexedDb vs Local: ours (LayerPriority)");
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
    public async Task In_a_conflict_IndexedDB_wins_by_priority_even_when_the_localStorage_copy_was_written_later()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.SaveComputeAsync("c35", "alpha", 3500);
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c35"), v => v is not null, "c35 in localStorage");
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c35"), v => v is not null, "c35 in IndexedDB");
        var earlier = await IndexedDbSnapshotAsync(page, "c35");

        await RunAsync(page, "#delete-compute", "deleted c35");
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c35"), v => v is null, "c35 deleted from IndexedDB");
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c35"), v => v is null, "c35 deleted from localStorage");
        await page.SaveComputeAsync("c35", "beta", 3550);
        var later = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c35"), v => v is not null, "c35's second record in localStorage");
        await SamplePage.EventuallyAsync(() => IndexedDbValueAsync(page, "c35"), v => v == later, "c35's second record in IndexedDB");

        // IndexedDB gets the earlier record back; localStorage keeps the later one.
        await RestoreIndexedDbSnapshotAsync(page, earlier.Json);
        Assert.Equal(earlier.Value, await IndexedDbValueAsync(page, "c35"));

        await page.ReloadAsync();
        Assert.Equal("c35|alpha|3500|4", await page.LoadComputeAsync("c35"));
        await Expect(page.Page.Locator("#conflict-log li")).ToHaveTextAsync("compute_states s:c35 [Type,Data,Timestamp] IndexedDb vs Local: ours (LayerPriority)");
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("1");
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c35"), v => v != later, "c35 repaired in localStorage");
        Assert.Equal(earlier.Value, await IndexedDbValueAsync(page, "c35"));

        // localStorage alone now gives the winner.
        await DeleteIndexedDbObjectAsync(page, "c35");
        await page.ReloadAsync();
        Assert.Equal("c35|alpha|3500|4", await page.LoadComputeAsync("c35"));
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

    /// <summary>A stored entry's length in bytes (what <see cref="SamplePage.IndexedDbObjectAsync"/> reports as the payload bytes).</summary>
    private static int EntryLength(string? base64) => System.Convert.FromBase64String(base64!).Length;

    private static async Task SetLocalAsync(SamplePage page, string key, string? value) =>
        await page.Page.EvaluateAsync(
            "([key, value]) => value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value)",
            new object?[] { $"ovs:{await page.UserIdAsync()}:{Computes}:s:{key}", value });

    /// <summary>An IndexedDB object's stored entry as base64 (as localStorage holds it), or null.</summary>
    private static async Task<string?> IndexedDbValueAsync(SamplePage page, string key) =>
        (await IndexedDbSnapshotAsync(page, key)).Value;

    /// <summary>The whole stored object as JSON ($value as base64), and its $value alone.</summary>
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
        return (json, json is null ? null : System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("$value").GetString());
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
