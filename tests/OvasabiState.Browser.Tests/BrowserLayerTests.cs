using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// The browser layers of the published sample in headless Chromium: what the app writes is
/// checked in the browser's own localStorage, sessionStorage and IndexedDB.
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class BrowserLayerTests(SampleAppFixture app, ITestOutputHelper output)
{
    private const string Computes = "compute_states";

    [Fact]
    public async Task A_record_written_through_the_app_lands_in_IndexedDB_and_localStorage_and_survives_a_reload()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);

        await page.SaveComputeAsync("c1", "alpha", 100);

        // The realtime flush reaches both lower layers on its own; read them as the browser holds them.
        var stored = await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c1"), v => v is not null, "the IndexedDB object");
        Assert.Matches(@"^c1\|alpha\|100\|\d+$", stored); // key, the indexed members as plain properties, the payload as bytes
        Assert.True(int.Parse(stored!.Split('|')[3], System.Globalization.CultureInfo.InvariantCulture) > 16, stored);
        var local = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c1"), v => v is not null, "the localStorage item");
        // The same entry, versioned text (ovs2:{token}:{base64}), with the version token IndexedDB keeps as $ver.
        Assert.Equal(int.Parse(stored.Split('|')[3], System.Globalization.CultureInfo.InvariantCulture), SamplePage.Versioned(local!).Length);
        Assert.Equal(await page.IndexedDbEntryTextAsync(Computes, "c1"), local);

        await page.ReloadAsync();
        Assert.Equal("c1|alpha|100|4", await page.LoadComputeAsync("c1"));
        await page.RefreshStatusAsync();
        await Expect(page.Status("IndexedDb", "available")).ToHaveTextAsync("yes");
        await Expect(page.Status("Local", "available")).ToHaveTextAsync("yes");
        await Expect(page.Status("Local", "failure")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task A_session_record_survives_a_reload_but_not_a_new_tab_or_a_new_context()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);

        await page.SaveSessionAsync("s1", 3);
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("sessionStorage", "user_sessions", "s1"), v => v is not null, "the sessionStorage item");
        Assert.Null(await page.WebStorageValueAsync("localStorage", "user_sessions", "s1"));

        await page.ReloadAsync();
        Assert.Equal("s1|3", await page.LoadSessionAsync("s1"));

        // A new tab of the same profile: same user and localStorage, its own sessionStorage.
        var tab = await app.OpenAsync(context, output);
        Assert.Equal(await page.UserIdAsync(), await tab.UserIdAsync());
        Assert.Equal("none", await tab.LoadSessionAsync("s1"));

        await using var other = await app.Browser.NewContextAsync();
        var fresh = await app.OpenAsync(other, output);
        Assert.Equal("none", await fresh.LoadSessionAsync("s1"));
    }

    [Fact]
    public async Task An_index_query_returns_exactly_the_matching_records_from_IndexedDB()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        (string Id, string Type, long Time)[] records = [("c1", "alpha", 100), ("c2", "beta", 200), ("c3", "alpha", 300), ("c4", "alpha", 400), ("c5", "gamma", 250)];
        foreach (var (id, type, time) in records)
        {
            await page.SaveComputeAsync(id, type, time);
        }

        foreach (var (id, _, _) in records)
        {
            await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, id), v => v is not null, $"{id} in IndexedDB");
        }

        // The browser's own indexes over the stored objects: single, and compound (Type, Timestamp).
        Assert.Equal("c1,c3,c4", await page.IndexedDbIndexKeysAsync(Computes, "Type", "IDBKeyRange.only('alpha')"));
        Assert.Equal("c3,c4", await page.IndexedDbIndexKeysAsync(Computes, "type_time", "IDBKeyRange.bound(['alpha', 150], ['alpha', 400])"));

        // After a reload memory is empty: the candidates come from IndexedDB's index.
        await page.ReloadAsync();
        Assert.Equal("c1,c3,c4", await page.QueryAsync("alpha", null, null));
        Assert.Equal("c2,c5,c3", await page.QueryAsync("", 150, 300));
        Assert.Equal("c3,c4", await page.QueryAsync("alpha", 150, 400));
        Assert.Equal("c3,c4", await page.QueryAsync("", 300, null));
        Assert.Equal("", await page.QueryAsync("delta", null, null));
        Assert.Equal("", await page.QueryAsync("", 500, 100)); // lower above upper: nothing, no error
    }

    [Fact]
    public async Task A_write_in_one_tab_shows_up_in_another_tab_within_a_second()
    {
        await using var context = await app.Browser.NewContextAsync();
        var first = await app.OpenAsync(context, output);
        var second = await app.OpenAsync(context, output);
        await first.SaveComputeAsync("c7", "beta", 700);
        await SamplePage.EventuallyAsync(() => first.IndexedDbObjectAsync(Computes, "c7"), v => v is not null, "c7 in IndexedDB");

        // The second tab holds the record (the runtime follows other tabs' changes to records it has loaded).
        Assert.Equal("c7|beta|700|4", await second.LoadComputeAsync("c7"));

        // The user works in the first tab; the second one is in the background.
        await first.Page.BringToFrontAsync();
        await first.Page.FillAsync("#compute-timestamp", "701");
        var clock = Stopwatch.StartNew();
        await first.Page.ClickAsync("#save-compute");
        await Expect(second.Page.Locator("#compute-list")).ToHaveTextAsync("c7@701", new() { Timeout = 1_000 });
        output.WriteLine($"seen in the other tab {clock.ElapsedMilliseconds} ms after the click");
        Assert.Equal("c7|beta|701|4", await second.LoadComputeAsync("c7"));
    }

    [Fact]
    public async Task A_full_localStorage_shows_QuotaExceeded_and_the_record_stays_in_IndexedDB()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);

        // Fill the origin's localStorage to the last character the quota allows.
        var filled = await page.Page.EvaluateAsync<int>(
            """
            () => {
              let chunk = 'x'.repeat(1 << 20), i = 0;
              while (chunk.length > 0) {
                try { localStorage.setItem('fill-' + i, chunk); i++; }
                catch { chunk = chunk.slice(0, chunk.length >> 1); }
              }
              return i;
            }
            """);
        output.WriteLine($"localStorage filled with {filled} items");

        await page.SaveComputeAsync("c8", "alpha", 800);

        await Expect(page.Page.Locator("#errors")).ToContainTextAsync("Local QuotaExceeded compute_states");
        await page.RefreshStatusAsync();
        await Expect(page.Status("Local", "failure")).ToHaveTextAsync("QuotaExceeded");
        await Expect(page.Status("Local", "pending")).Not.ToHaveTextAsync("0");
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c8"), v => v is not null, "c8 in IndexedDB"));
        Assert.Null(await page.WebStorageValueAsync("localStorage", Computes, "c8"));

        // The app keeps working from the other layers, across a reload too.
        await page.ReloadAsync();
        Assert.Equal("c8|alpha|800|4", await page.LoadComputeAsync("c8"));
    }

    [Fact]
    public async Task A_blocked_localStorage_shows_Unavailable_and_the_record_stays_in_IndexedDB()
    {
        await using var context = await app.Browser.NewContextAsync();
        // As when the user blocks site data: reading window.localStorage throws SecurityError.
        await context.AddInitScriptAsync(
            "Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); } });");
        var page = await app.OpenAsync(context, output);

        await page.RefreshStatusAsync();
        await Expect(page.Status("Local", "available")).ToHaveTextAsync("no");
        await Expect(page.Status("Local", "failure")).ToHaveTextAsync("Unavailable");
        await Expect(page.Status("IndexedDb", "available")).ToHaveTextAsync("yes");

        await page.SaveComputeAsync("c9", "gamma", 900);
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c9"), v => v is not null, "c9 in IndexedDB"));
        Assert.Equal("c9|gamma|900|4", await page.LoadComputeAsync("c9"));
    }

    [Fact]
    public async Task A_blocked_IndexedDB_shows_Unavailable_and_the_app_runs_from_memory_and_localStorage()
    {
        await using var context = await app.Browser.NewContextAsync();
        // As where IndexedDB is disabled: opening a database throws.
        await context.AddInitScriptAsync(
            "IDBFactory.prototype.open = function () { throw new DOMException('IndexedDB is disabled', 'InvalidStateError'); };");
        var page = await app.OpenAsync(context, output);

        await page.RefreshStatusAsync();
        await Expect(page.Status("IndexedDb", "available")).ToHaveTextAsync("no");
        await Expect(page.Status("IndexedDb", "failure")).ToHaveTextAsync("Unavailable");
        await Expect(page.Status("Local", "available")).ToHaveTextAsync("yes");

        await page.SaveComputeAsync("c11", "alpha", 1100);
        Assert.Equal("c11|alpha|1100|4", await page.LoadComputeAsync("c11"));
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c11"), v => v is not null, "c11 in localStorage"));

        // After a reload memory is empty: the record comes from localStorage.
        await page.ReloadAsync();
        Assert.Equal("c11|alpha|1100|4", await page.LoadComputeAsync("c11"));
        await page.RefreshStatusAsync();
        await Expect(page.Status("IndexedDb", "available")).ToHaveTextAsync("no");
    }

    [Fact]
    public async Task Going_offline_and_back_shows_in_the_status()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        var online = page.Page.Locator("#online");
        await Expect(online).ToHaveTextAsync("online");

        // The browser's offline event reaches .NET, and the manager's StatusChanged re-renders the page.
        await context.SetOfflineAsync(true);
        await Expect(online).ToHaveTextAsync("offline");

        // Storage keeps working offline.
        await page.SaveComputeAsync("c10", "delta", 1000);
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c10"), v => v is not null, "c10 in IndexedDB"));

        await context.SetOfflineAsync(false);
        await Expect(online).ToHaveTextAsync("online");
    }
}
