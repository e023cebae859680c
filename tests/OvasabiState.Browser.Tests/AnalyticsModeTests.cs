using System.Globalization;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// The Analytics page's URL overrides: <c>?mode=render-only</c>, the frame-rate benchmark's anchor
/// (Three.js draws the seeded points every frame, with no C# step and no handoff), and
/// <c>?particles=N</c>, a count for that load only. Frame rates are never asserted here; the
/// benchmark runner measures them (<c>browser --suite fps</c>).
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class AnalyticsModeTests(SampleAppFixture app, ITestOutputHelper output)
{
    private const int Probe = 30; // coordinates compared: the first 10 particles

    [Fact]
    public async Task Render_only_draws_every_frame_without_stepping_the_simulation()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await OpenAsync(context, "analytics?mode=render-only&particles=50000");
        await Expect(page.Page.Locator("#analytics-mode")).ToHaveTextAsync("render-only");
        await Expect(page.Page.Locator("#particles")).ToHaveTextAsync("50,000");
        var seeded = await PositionsAsync(page);

        var drawn = await RendersAsync(page);
        await SamplePage.EventuallyAsync(() => RendersAsync(page), r => r > drawn + 30, "30 more frames drawn", timeoutMs: 15_000);
        // The FPS figure runs in this mode too (it is what the benchmark's anchor is read against).
        await SamplePage.EventuallyAsync(() => NumberAsync(page, "#fps"), fps => fps > 0, "an FPS figure", timeoutMs: 5_000);

        Assert.Equal("0", await page.Page.TextContentAsync("#frames")); // no simulated frame
        Assert.Equal("0.000", await page.Page.TextContentAsync("#sim-ms"));
        Assert.Equal("0.000", await page.Page.TextContentAsync("#handoff-ms"));
        Assert.Equal("0", await page.Page.TextContentAsync("#particles-per-second"));
        Assert.Equal(seeded, await PositionsAsync(page)); // the points drawn are still the seeded ones
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_simulated_mode_steps_and_draws_the_same_seeded_points()
    {
        await using var context = await app.Browser.NewContextAsync();
        var anchor = await OpenAsync(context, "analytics?mode=render-only&particles=50000");
        var seeded = await PositionsAsync(anchor);
        await anchor.Page.CloseAsync();

        var page = await OpenAsync(context, "analytics?particles=50000");
        Assert.Equal(0, await page.Page.Locator("#analytics-mode").CountAsync());
        await SamplePage.EventuallyAsync(() => FramesAsync(page), f => f > 10, "10 simulated frames", timeoutMs: 15_000);

        Assert.True(await RendersAsync(page) > 0, "no frame drawn");
        Assert.NotEqual(seeded, await PositionsAsync(page)); // stepped away from the same seed
        Assert.Empty(anchor.Errors);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_particles_parameter_applies_to_that_load_only()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await OpenAsync(context, "analytics?particles=100000");
        await Expect(page.Page.Locator("#particle-count")).ToHaveValueAsync("100000");
        await Expect(page.Page.Locator("#particles")).ToHaveTextAsync("100,000");

        await page.Page.GotoAsync(app.BaseUrl + "analytics");
        await WaitReadyAsync(page);
        await Expect(page.Page.Locator("#particle-count")).ToHaveValueAsync("10000"); // the preference, untouched
        await Expect(page.Page.Locator("#particles")).ToHaveTextAsync("10,000");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Unusable_parameters_are_ignored_and_said()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await OpenAsync(context, "analytics?particles=0&mode=fast");

        await Expect(page.Page.Locator("#particles")).ToHaveTextAsync("10,000");
        await Expect(page.Page.Locator("#analytics-status")).ToContainTextAsync("Ignored ?particles=0");
        await Expect(page.Page.Locator("#analytics-status")).ToContainTextAsync("Ignored ?mode=fast");
        Assert.Equal(0, await page.Page.Locator("#analytics-mode").CountAsync());
        await SamplePage.EventuallyAsync(() => FramesAsync(page), f => f > 5, "simulated frames", timeoutMs: 15_000);
        Assert.Empty(page.Errors);
    }

    private async Task<AppPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await AppPage.OpenAsync(app, context, path, output);
        await WaitReadyAsync(page);
        return page;
    }

    private static Task WaitReadyAsync(AppPage page) =>
        Expect(page.Page.Locator("#analytics-ready")).ToHaveTextAsync("ready", new() { Timeout = 30_000 });

    private static async Task<long> FramesAsync(AppPage page) =>
        long.Parse((await page.Page.TextContentAsync("#frames"))!, CultureInfo.InvariantCulture);

    private static async Task<double> NumberAsync(AppPage page, string selector) =>
        double.Parse((await page.Page.TextContentAsync(selector))!, CultureInfo.InvariantCulture);

    /// <summary>Frames the Three.js view has drawn (the page's test hook).</summary>
    private static Task<int> RendersAsync(AppPage page) =>
        page.Page.EvaluateAsync<int>("() => globalThis.ovasabiParticles.renders()");

    /// <summary>The first coordinates that reached JavaScript (the page's test hook).</summary>
    private static async Task<double[]> PositionsAsync(AppPage page)
    {
        var values = await page.Page.EvaluateAsync<double[]>("n => globalThis.ovasabiParticles.probe(n)", Probe);
        Assert.Equal(Probe, values.Length);
        return values;
    }
}
