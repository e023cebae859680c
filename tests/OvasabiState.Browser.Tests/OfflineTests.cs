using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// The sample's service worker (built on the runtime's ovasabi-sw.js): with the network off, a
/// reload starts the app from the cache and the state comes from IndexedDB.
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class OfflineTests(SampleAppFixture app, ITestOutputHelper output)
{
    private const string Computes = "compute_states";

    [Fact]
    public async Task Offline_a_reload_starts_the_app_from_the_service_worker_and_shows_the_stored_record()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.WaitForServiceWorkerAsync();

        await page.SaveComputeAsync("c20", "alpha", 2000);
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c20"), v => v is not null, "c20 in IndexedDB"));

        await context.SetOfflineAsync(true);
        var response = await page.Page.ReloadAsync();
        Assert.True(response?.FromServiceWorker, "index.html came from the service worker");
        await page.WaitReadyAsync();
        Assert.True(await page.ControlledAsync());
        await Expect(page.Page.Locator("#online")).ToHaveTextAsync("offline");
        // Really offline: what the worker has not cached does not load.
        Assert.True(await page.Page.EvaluateAsync<bool>("() => fetch('not-cached-' + Date.now()).then(() => false, () => true)"));

        Assert.Equal("c20|alpha|2000|4", await page.LoadComputeAsync("c20"));
        await Expect(page.Page.Locator("#compute-list")).ToHaveTextAsync("c20@2000");

        // A deep link, offline: the cached index.html answers every navigation.
        await page.Page.GotoAsync(app.BaseUrl + "state-test?offline=1");
        await page.WaitReadyAsync();
        Assert.Equal("c20|alpha|2000|4", await page.LoadComputeAsync("c20"));
    }

    [Fact]
    public async Task Install_precaches_the_manifest_into_a_versioned_cache_and_activate_deletes_older_ones()
    {
        await using var context = await app.Browser.NewContextAsync();
        // Before the worker is installed: a cache of an older version, and one that is not ours.
        await context.AddInitScriptAsync(
            "if (!navigator.serviceWorker.controller) { caches.open('ovasabi-sw-old-version'); caches.open('someone-elses-cache'); }");
        var page = await app.OpenAsync(context, output);
        await page.WaitForServiceWorkerAsync();

        var caches = await page.Page.EvaluateAsync<string>(
            """
            async () => {
              const text = await (await fetch('service-worker-assets.js')).text();
              const version = /"version": "([^"]+)"/.exec(text)[1];
              const urls = [...text.matchAll(/"url": "([^"]+)"/g)].map((m) => m[1]);
              const names = (await caches.keys()).filter((n) => n.startsWith('ovasabi-sw-') || n === 'someone-elses-cache').sort();
              const cached = await (await caches.open('ovasabi-sw-' + version)).keys();
              const paths = new Set(cached.map((r) => new URL(r.url).pathname.slice(1)));
              return [names.join(','), 'ovasabi-sw-' + version, urls.length > 30, urls.filter((u) => !paths.has(u)).join(',')].join('|');
            }
            """);
        var parts = caches.Split('|');
        Assert.Equal(string.Join(",", new[] { parts[1], "someone-elses-cache" }.Order(System.StringComparer.Ordinal)), parts[0]);
        Assert.Equal("true", parts[2]);
        Assert.Equal("", parts[3]); // every manifest asset is cached

        // Every module the runtime's entry module imports, however deep, is in the manifest, so the
        // app's state layer loads offline.
        var modules = await page.Page.EvaluateAsync<string>(
            """
            async () => {
              const text = await (await fetch('service-worker-assets.js')).text();
              const urls = new Set([...text.matchAll(/"url": "([^"]+)"/g)].map((m) => m[1]));
              const seen = new Set();
              const queue = ['ovasabi-state.js'];
              while (queue.length > 0) {
                const file = queue.pop();
                if (seen.has(file)) continue;
                seen.add(file);
                const source = await (await fetch('_content/OvasabiState/' + file)).text();
                for (const m of source.matchAll(/from '\.\/([^']+)'/g)) queue.push(m[1]);
              }
              return [seen.size >= 15, [...seen].filter((f) => !urls.has('_content/OvasabiState/' + f)).join(',')].join('|');
            }
            """);
        Assert.Equal("true|", modules);
    }

    [Fact]
    public async Task Without_the_service_worker_an_offline_reload_fails()
    {
        // The control for the test above: the same steps with service workers blocked.
        await using var context = await app.Browser.NewContextAsync(new() { ServiceWorkers = ServiceWorkerPolicy.Block });
        var page = await app.OpenAsync(context, output);
        await context.SetOfflineAsync(true);
        await Assert.ThrowsAsync<PlaywrightException>(() => page.Page.ReloadAsync());
    }

    [Fact]
    public async Task A_write_made_offline_is_still_there_after_going_online_and_reloading()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.WaitForServiceWorkerAsync();

        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await page.SaveComputeAsync("c21", "beta", 2100);
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c21"), v => v is not null, "c21 in IndexedDB"));
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c21"), v => v is not null, "c21 in localStorage"));
        await page.RefreshStatusAsync();
        await Expect(page.Status("IndexedDb", "pending")).ToHaveTextAsync("0");

        await context.SetOfflineAsync(false);
        await Expect(page.Page.Locator("#online")).ToHaveTextAsync("online");
        await page.ReloadAsync();
        Assert.Equal("c21|beta|2100|4", await page.LoadComputeAsync("c21"));
        await page.RefreshStatusAsync();
        await Expect(page.Status("IndexedDb", "failure")).ToBeEmptyAsync();
        await Expect(page.Status("Local", "failure")).ToBeEmptyAsync();
    }
}
