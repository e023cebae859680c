using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// A damaged stored copy in one layer: the app reports it as Corrupt for that layer, reads the
/// record from the layer that holds a good copy, and keeps running.
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class CorruptionTests(SampleAppFixture app, ITestOutputHelper output)
{
    private const string Computes = "compute_states";

    [Fact]
    public async Task A_corrupt_localStorage_copy_shows_Corrupt_for_Local_and_the_record_comes_from_IndexedDB()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.SaveComputeAsync("c22", "alpha", 2200);
        await page.SaveComputeAsync("c23", "beta", 2300);
        var good = await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c22"), v => v is not null, "c22 in localStorage");
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c23"), v => v is not null, "c23 in localStorage");
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c22"), v => v is not null, "c22 in IndexedDB"));
        Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c23"), v => v is not null, "c23 in IndexedDB"));

        // c22: a truncated entry (still base64, after its version token: ovs2:{token}:{base64});
        // c23: text that is not base64 at all.
        var user = await page.UserIdAsync();
        await page.Page.EvaluateAsync(
            """
            ([truncated, garbage]) => {
              const text = localStorage.getItem(truncated);
              const head = text.slice(0, text.indexOf(':', 5) + 1);
              const bytes = atob(text.slice(head.length));
              localStorage.setItem(truncated, head + btoa(bytes.slice(0, bytes.length >> 1)));
              localStorage.setItem(garbage, '{not base64');
            }
            """,
            new object[] { $"ovs:{user}:{Computes}:s:c22", $"ovs:{user}:{Computes}:s:c23" });

        await page.ReloadAsync();
        Assert.Equal("c22|alpha|2200|4", await page.LoadComputeAsync("c22"));
        Assert.Equal("c23|beta|2300|4", await page.LoadComputeAsync("c23"));
        var errors = page.Page.Locator("#errors");
        await Expect(errors).ToContainTextAsync("Local Corrupt compute_states s:c22");
        await Expect(errors).ToContainTextAsync("Local Corrupt compute_states s:c23");
        // The status table's last-error column is cleared again by the repairing write below
        // (it shows the last operation's outcome); the error list keeps what happened.
        await page.RefreshStatusAsync();
        await Expect(page.Status("IndexedDb", "failure")).ToBeEmptyAsync();
        await Expect(page.Status("Local", "available")).ToHaveTextAsync("yes");

        // The good copy is written back over the damaged one, and the app keeps working.
        Assert.Equal(good!.Length, (await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c22"), v => v?.Length == good.Length, "c22 rewritten in localStorage"))!.Length);
        await page.SaveComputeAsync("c24", "gamma", 2400);
        Assert.Equal("c24|gamma|2400|4", await page.LoadComputeAsync("c24"));
    }

    [Fact]
    public async Task A_corrupt_IndexedDB_copy_shows_Corrupt_for_IndexedDb_and_the_record_comes_from_localStorage()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.SaveComputeAsync("c25", "delta", 2500);
        var good = await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c25"), v => v is not null, "c25 in IndexedDB");
        await SamplePage.EventuallyAsync(() => page.WebStorageValueAsync("localStorage", Computes, "c25"), v => v is not null, "c25 in localStorage");

        // Truncate the stored payload in place; the indexed members stay as they were.
        await page.TruncateIndexedDbPayloadAsync(Computes, "c25");
        Assert.NotEqual(good, await page.IndexedDbObjectAsync(Computes, "c25"));

        await page.ReloadAsync();
        Assert.Equal("c25|delta|2500|4", await page.LoadComputeAsync("c25"));
        await Expect(page.Page.Locator("#errors")).ToContainTextAsync("IndexedDb Corrupt compute_states s:c25");
        await page.RefreshStatusAsync();
        await Expect(page.Status("Local", "failure")).ToBeEmptyAsync();
        await Expect(page.Status("IndexedDb", "available")).ToHaveTextAsync("yes");

        // The good copy goes back into IndexedDB, and the app keeps working.
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c25"), v => v == good, "c25 rewritten in IndexedDB");
        await page.SaveComputeAsync("c26", "delta", 2600);
        Assert.Equal("c26|delta|2600|4", await page.LoadComputeAsync("c26"));
    }
}
