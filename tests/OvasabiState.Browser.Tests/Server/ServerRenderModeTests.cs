using System;
using System.Globalization;
using System.Net.Http;
using System.Threading.Tasks;
using OvasabiState.Storage;
using Xunit;
using Xunit.Abstractions;

namespace OvasabiState.Browser.Tests.Server;

/// <summary>
/// OvasabiState in Blazor Server (interactive server render mode) in headless Chromium: the
/// state lives in each user's browser, reached through the circuit's IJSRuntime, with one sync
/// manager per circuit (<c>AddOvasabiStateForServer()</c>). Each test checks the browser's own
/// storage, and that neither the tabs nor the server logged an error.
/// </summary>
public sealed class ServerRenderModeTests(ServerAppFixture app, ITestOutputHelper output) : IClassFixture<ServerAppFixture>
{
    [Theory]
    [InlineData(PrerenderedStatePage.Path)]
    [InlineData(LiveStatePage.Path)]
    public async Task A_record_written_in_a_server_rendered_page_lands_in_the_browsers_IndexedDB_and_localStorage(string path)
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, path, output);
        Assert.Equal("Server interactive=True", await page.TextAsync("mode"));

        await page.SaveAsync("n1", "written on the server");

        string? stored = null;
        await ServerPage.EventuallyAsync(async () => (stored = await page.IndexedDbObjectAsync("n1")) is not null, "the IndexedDB object");
        Assert.Matches(@"^n1\|\d+\|\d+$", stored);
        string? local = null;
        await ServerPage.EventuallyAsync(async () => (local = await page.LocalStorageItemAsync("n1")) is not null, "the localStorage item");

        // Both layers hold the same entry: the IndexedDB value's bytes are the localStorage item's
        // base64, after its version token (ovs2:{token}:{base64}, VersionedText).
        Assert.StartsWith(VersionedText.Prefix, local, StringComparison.Ordinal);
        Assert.Equal(int.Parse(stored!.Split('|')[2], CultureInfo.InvariantCulture), VersionedText.Decode(local!).Length);
        await page.WaitListedAsync("n1", "written on the server");
        AssertClean(page);
    }

    [Fact]
    public async Task A_reload_starts_a_new_circuit_that_hydrates_the_record_from_the_browser()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output: output);
        var firstCircuit = await page.InstanceAsync();
        var user = await page.UserIdAsync();
        await page.SaveAsync("kept", "survives the circuit");
        await ServerPage.EventuallyAsync(async () => await page.IndexedDbObjectAsync("kept") is not null, "the IndexedDB object");

        await page.Page.ReloadAsync();
        await page.WaitReadyAsync();

        // A new circuit (new storage instance, new manager, empty memory) over the same browser user.
        Assert.NotEqual(firstCircuit, await page.InstanceAsync());
        Assert.Equal(user, await page.UserIdAsync());
        await page.WaitListedAsync("kept", "survives the circuit");
        Assert.Equal("survives the circuit", await page.LoadAsync("kept"));
        AssertClean(page);
    }

    [Fact]
    public async Task Two_tabs_of_one_browser_see_each_others_writes_through_BroadcastChannel()
    {
        await using var context = await app.Browser.NewContextAsync();
        var first = await app.OpenAsync(context, output: output);
        var second = await app.OpenAsync(context, LiveStatePage.Path, output);

        // Two circuits, each with its own manager, over one browser user.
        Assert.NotEqual(await first.InstanceAsync(), await second.InstanceAsync());
        Assert.Equal(await first.UserIdAsync(), await second.UserIdAsync());

        await first.SaveAsync("shared", "from the first tab");
        await second.WaitListedAsync("shared", "from the first tab");
        Assert.NotEqual("0", await second.TextAsync("changes"));

        await second.SaveAsync("shared", "edited in the second tab");
        await first.WaitListedAsync("shared", "edited in the second tab");
        Assert.Equal("edited in the second tab", await first.LoadAsync("shared"));
        AssertClean(first);
        AssertClean(second);
    }

    [Fact]
    public async Task Two_users_in_two_browser_contexts_do_not_see_each_others_data()
    {
        await using var alice = await app.Browser.NewContextAsync();
        await using var bob = await app.Browser.NewContextAsync();
        var alicePage = await app.OpenAsync(alice, output: output);
        var bobPage = await app.OpenAsync(bob, output: output);
        Assert.NotEqual(await alicePage.UserIdAsync(), await bobPage.UserIdAsync());

        await alicePage.SaveAsync("private", "alice's note");
        await ServerPage.EventuallyAsync(async () => await alicePage.IndexedDbObjectAsync("private") is not null, "alice's IndexedDB object");
        await bobPage.SaveAsync("own", "bob's note");
        await ServerPage.EventuallyAsync(async () => await bobPage.IndexedDbObjectAsync("own") is not null, "bob's IndexedDB object");

        // Bob's circuit has its own manager: its memory never held alice's record, and his browser
        // never received it. A singleton manager would list both notes on both pages.
        Assert.Equal("(none)", await bobPage.LoadAsync("private"));
        Assert.Equal(["own"], await bobPage.ListedKeysAsync());
        Assert.Empty(await bobPage.LocalStorageKeysEndingWithAsync("private"));
        Assert.Null(await bobPage.IndexedDbObjectAsync("private"));
        Assert.Equal(["ovasabi-" + await bobPage.UserIdAsync()], await bobPage.DatabasesAsync());

        Assert.Equal("(none)", await alicePage.LoadAsync("own"));
        Assert.Equal(["private"], await alicePage.ListedKeysAsync());
        AssertClean(alicePage);
        AssertClean(bobPage);
    }

    [Fact]
    public async Task The_prerendered_page_touches_no_state_and_its_circuit_loads_it_without_errors()
    {
        // What the server sends before any circuit exists: the page, prerendered, with no state read.
        using var http = new HttpClient();
        var html = await http.GetStringAsync(app.BaseUrl + PrerenderedStatePage.Path.TrimStart('/'));
        Assert.Contains("""<p id="status">prerendered</p>""", html, StringComparison.Ordinal);
        Assert.Contains("""<p id="mode">Static interactive=False</p>""", html, StringComparison.Ordinal);
        Assert.Contains("""<p id="errors"></p>""", html, StringComparison.Ordinal);

        // In the browser the circuit starts, renders the page again interactively and loads the state.
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output: output);
        await page.SaveAsync("after-prerender", "fine");
        await ServerPage.EventuallyAsync(async () => await page.LocalStorageItemAsync("after-prerender") is not null, "the localStorage item");
        await page.Page.ReloadAsync();
        await page.WaitReadyAsync();
        await page.WaitListedAsync("after-prerender", "fine");
        AssertClean(page);
    }

    private void AssertClean(ServerPage page)
    {
        Assert.Empty(page.Errors);
        Assert.Empty(app.ServerLog.Entries);
    }
}
