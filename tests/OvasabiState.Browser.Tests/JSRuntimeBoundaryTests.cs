using System;
using System.Globalization;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// The sample on the portable boundary (<c>?interop=jsruntime</c>: JSRuntimeBrowserStorage, which
/// calls the module through IJSRuntime only): the essential behaviours of the browser layers,
/// checked in the browser's own storage, and beside the [JSImport] boundary where a theory
/// over both reads well (including two tabs on different boundaries).
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class JSRuntimeBoundaryTests(SampleAppFixture app, ITestOutputHelper output)
{
    private const string Computes = "compute_states";
    private const string JSRuntime = "jsruntime";
    private const string JSImport = "jsimport";

    [Theory]
    [InlineData(JSImport)]
    [InlineData(JSRuntime)]
    public async Task A_record_lands_in_IndexedDB_and_localStorage_and_survives_a_reload(string interop)
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output, interop);

        await page.SaveComputeAsync("r1", "alpha", 100);

        var stored = await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "r1"), v => v is not null, "the IndexedDB object");
        Assert.Matches(@"^r1\|alpha\|100\|\d+$", stored);
        var local = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "r1"), v => v is not null, "the localStorage item");
        Assert.Equal(int.Parse(stored!.Split('|')[3], CultureInfo.InvariantCulture), SamplePage.Versioned(local!).Length);
        Assert.Equal(await page.IndexedDbEntryTextAsync(Computes, "r1"), local); // the same entry and version token in both layers

        await page.ReloadAsync();
        Assert.Equal(interop == JSRuntime ? "IJSRuntime" : "JSImport", await page.InteropAsync());
        Assert.Equal("r1|alpha|100|4", await page.LoadComputeAsync("r1"));
        await page.RefreshStatusAsync();
        await Expect(page.Status("IndexedDb", "available")).ToHaveTextAsync("yes");
        await Expect(page.Status("Local", "available")).ToHaveTextAsync("yes");
        await Expect(page.Status("Local", "failure")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task The_boundary_chosen_in_the_URL_sticks_for_the_tab_and_not_beyond_it()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output, JSRuntime);

        // Navigation without the query string (a link, a reload of another URL) keeps the tab's choice.
        await page.Page.GotoAsync(app.BaseUrl + "state-test");
        await page.WaitReadyAsync();
        Assert.Equal("IJSRuntime", await page.InteropAsync());

        // Another tab has its own sessionStorage: the default.
        var other = await app.OpenAsync(context, output);
        Assert.Equal("JSImport", await other.InteropAsync());

        // Asking again switches back.
        await page.Page.GotoAsync(app.BaseUrl + "state-test?interop=jsimport");
        await page.WaitReadyAsync();
        Assert.Equal("JSImport", await page.InteropAsync());
    }

    [Fact]
    public async Task A_session_record_survives_a_reload_but_not_a_new_tab()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output, JSRuntime);

        await page.SaveSessionAsync("s1", 3);
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("sessionStorage", "user_sessions", "s1"), v => v is not null, "the sessionStorage item");
        Assert.Null(await page.WebStorageValueAsync("localStorage", "user_sessions", "s1"));

        await page.ReloadAsync();
        Assert.Equal("s1|3", await page.LoadSessionAsync("s1"));

        var tab = await app.OpenAsync(context, output, JSRuntime);
        Assert.Equal(await page.UserIdAsync(), await tab.UserIdAsync());
        Assert.Equal("none", await tab.LoadSessionAsync("s1"));
    }

    [Fact]
    public async Task An_index_query_after_a_reload_returns_exactly_the_matching_records_from_IndexedDB()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output, JSRuntime);
        (string Id, string Type, long Time)[] records = [("q1", "alpha", 100), ("q2", "beta", 200), ("q3", "alpha", 300), ("q4", "alpha", 400)];
        foreach (var (id, type, time) in records)
        {
            await page.SaveComputeAsync(id, type, time);
        }

        foreach (var (id, _, _) in records)
        {
            await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, id), v => v is not null, $"{id} in IndexedDB");
        }

        Assert.Equal("q1,q3,q4", await page.IndexedDbIndexKeysAsync(Computes, "Type", "IDBKeyRange.only('alpha')"));

        // After a reload memory is empty: the candidates come from IndexedDB's index, through IJSRuntime.
        await page.ReloadAsync();
        Assert.Equal("q1,q3,q4", await page.QueryAsync("alpha", null, null));
        Assert.Equal("q3,q4", await page.QueryAsync("alpha", 150, 400));
        Assert.Equal("q2,q3", await page.QueryAsync("", 150, 300));
        Assert.Equal("", await page.QueryAsync("", 500, 100));
    }

    [Theory]
    [InlineData(JSRuntime, JSRuntime)]
    [InlineData(JSImport, JSRuntime)]
    [InlineData(JSRuntime, JSImport)]
    public async Task A_write_in_one_tab_shows_up_in_the_other_tab(string writer, string reader)
    {
        await using var context = await app.Browser.NewContextAsync();
        var first = await app.OpenAsync(context, output, writer);
        var second = await app.OpenAsync(context, output, reader);
        await first.SaveComputeAsync("t7", "beta", 700);
        await SamplePage.EventuallyAsync(() => first.IndexedDbObjectAsync(Computes, "t7"), v => v is not null, "t7 in IndexedDB");
        Assert.Equal("t7|beta|700|4", await second.LoadComputeAsync("t7"));

        // The second tab hears the change over the BroadcastChannel, whichever boundary each tab uses.
        await first.Page.BringToFrontAsync();
        await first.Page.FillAsync("#compute-timestamp", "701");
        await first.Page.ClickAsync("#save-compute");
        await Expect(second.Page.Locator("#compute-list")).ToHaveTextAsync("t7@701");
        Assert.Equal("t7|beta|701|4", await second.LoadComputeAsync("t7"));
    }

    [Fact]
    public async Task A_full_localStorage_shows_QuotaExceeded_until_a_later_write_succeeds_and_the_record_stays_in_IndexedDB()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output, JSRuntime);
        output.WriteLine($"localStorage filled with {await page.FillLocalStorageAsync()} items");

        await page.SaveComputeAsync("f8", "alpha", 800);

        // The module's [ovs:QuotaExceeded] error, parsed from IJSRuntime's JSException: a typed failure.
        await Expect(page.Page.Locator("#errors")).ToContainTextAsync("Local QuotaExceeded compute_states");
        await page.RefreshStatusAsync();
        await Expect(page.Status("Local", "failure")).ToHaveTextAsync("QuotaExceeded");
        await Expect(page.Status("Local", "pending")).Not.ToHaveTextAsync("0");
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "f8"), v => v is not null, "f8 in IndexedDB"));
        Assert.Null(await page.WebStorageValueAsync("localStorage", Computes, "f8"));

        // Successes elsewhere (another layer, another operation) leave the Local failure showing.
        await page.SaveSessionAsync("s8", 1);
        Assert.Equal("f8|alpha|800|4", await page.LoadComputeAsync("f8"));
        await page.RefreshStatusAsync();
        await Expect(page.Status("Local", "failure")).ToHaveTextAsync("QuotaExceeded");

        // Room again: the next flush writes the pending record too, and the success clears the failure.
        await page.EmptyLocalStorageFillAsync();
        await page.SaveComputeAsync("f9", "alpha", 900);
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "f8"), v => v is not null, "f8 in localStorage after the retry"));
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "f9"), v => v is not null, "f9 in localStorage"));
        await page.RefreshStatusAsync();
        await Expect(page.Status("Local", "failure")).ToBeEmptyAsync();
        await Expect(page.Status("Local", "pending")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task A_corrupt_IndexedDB_copy_shows_Corrupt_and_the_record_comes_from_localStorage()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output, JSRuntime);
        await page.SaveComputeAsync("k5", "delta", 2500);
        var good = await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "k5"), v => v is not null, "k5 in IndexedDB");
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "k5"), v => v is not null, "k5 in localStorage");

        await page.TruncateIndexedDbPayloadAsync(Computes, "k5");
        Assert.NotEqual(good, await page.IndexedDbObjectAsync(Computes, "k5"));

        await page.ReloadAsync();
        Assert.Equal("k5|delta|2500|4", await page.LoadComputeAsync("k5"));
        await Expect(page.Page.Locator("#errors")).ToContainTextAsync("IndexedDb Corrupt compute_states s:k5");
        await page.RefreshStatusAsync();
        await Expect(page.Status("IndexedDb", "available")).ToHaveTextAsync("yes");

        // The good copy goes back into IndexedDB.
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "k5"), v => v == good, "k5 rewritten in IndexedDB");
    }

    [Fact]
    public async Task Going_offline_and_back_reaches_the_status_through_the_DotNetObjectReference()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output, JSRuntime);
        var online = page.Page.Locator("#online");
        await Expect(online).ToHaveTextAsync("online");

        await context.SetOfflineAsync(true);
        await Expect(online).ToHaveTextAsync("offline");
        await context.SetOfflineAsync(false);
        await Expect(online).ToHaveTextAsync("online");
    }
}
