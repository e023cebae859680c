using System;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// The Analytics page (sample/OvasabiState.Sample/Pages/Analytics.razor): particles simulated in
/// C# and drawn by Three.js, start/stop, snapshots in IndexedDB, the particle-count preference.
/// Frame rates and timings are reported by the page, never asserted here.
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class AnalyticsTests(SampleAppFixture app, ITestOutputHelper output)
{
    private const int Probe = 30; // coordinates compared: the first 10 particles

    [Fact]
    public async Task Loads_without_console_errors_and_saves_a_screenshot()
    {
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await OpenAsync(context);
        await FramesPastAsync(page, 30);
        await page.ScreenshotAsync("analytics");

        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Runs_10000_particles_and_reports_fps_and_simulation_time()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await OpenAsync(context);

        await Expect(page.Page.Locator("#particle-count")).ToHaveValueAsync("10000");
        await Expect(page.Page.Locator("#particles")).ToHaveTextAsync("10,000");
        await FramesPastAsync(page, 60);
        var fps = await NumberAsync(page, "#fps");
        var simulationMs = await NumberAsync(page, "#sim-ms");
        var handoffMs = await NumberAsync(page, "#handoff-ms");
        output.WriteLine($"10,000 particles: {fps} FPS, step {simulationMs} ms, handoff {handoffMs} ms, " +
            $"{await page.Page.TextContentAsync("#particles-per-second")} particles/s");

        Assert.True(fps > 0, $"FPS is {fps}");
        Assert.True(simulationMs > 0, $"simulation time is {simulationMs} ms");
        Assert.True(handoffMs >= 0, $"handoff time is {handoffMs} ms");
        Assert.NotEqual(new double[Probe], await PositionsAsync(page)); // the positions reached JavaScript
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Stop_halts_frames_and_positions_and_start_resumes()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await OpenAsync(context);
        await FramesPastAsync(page, 10);

        await page.Page.ClickAsync("#stop");
        await Expect(page.Page.Locator("#start")).ToBeEnabledAsync();
        await Task.Delay(600); // the overlay refreshes every 250 ms: let it show the last frame
        var frames = await FramesAsync(page);
        var positions = await PositionsAsync(page);
        await Task.Delay(1_000); // ~60 animation frames would have run
        Assert.Equal(frames, await FramesAsync(page));
        Assert.Equal(positions, await PositionsAsync(page));

        await page.Page.ClickAsync("#start");
        await FramesPastAsync(page, frames + 10);
        Assert.NotEqual(positions, await PositionsAsync(page));
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task A_saved_snapshot_restores_the_same_positions_after_reload()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await OpenAsync(context);
        await FramesPastAsync(page, 20);
        await Expect(page.Page.Locator("#snapshots li")).ToHaveCountAsync(0);

        // Stopped, so the saved positions are the ones on screen.
        await page.Page.ClickAsync("#stop");
        var saved = await PositionsAsync(page);
        await page.Page.ClickAsync("#save-snapshot");
        await Expect(page.Page.Locator("#snapshots li")).ToHaveCountAsync(1);
        var id = await page.Page.Locator("#snapshots li").First.GetAttributeAsync("data-id");
        Assert.False(string.IsNullOrEmpty(id));
        await Expect(page.Page.Locator("#store-particle_snapshots .entries")).ToHaveTextAsync("1");

        // A second, later snapshot lists first (the type_time index, newest first).
        await page.Page.ClickAsync("#start");
        await FramesPastAsync(page, await FramesAsync(page) + 10);
        await page.Page.ClickAsync("#save-snapshot");
        await Expect(page.Page.Locator("#snapshots li")).ToHaveCountAsync(2);
        Assert.NotEqual(id, await page.Page.Locator("#snapshots li").First.GetAttributeAsync("data-id"));
        Assert.Equal(id, await page.Page.Locator("#snapshots li").Last.GetAttributeAsync("data-id"));
        Assert.NotEqual(saved, await PositionsAsync(page));

        await page.Page.ReloadAsync();
        await WaitReadyAsync(page);
        await FramesPastAsync(page, 5);
        Assert.NotEqual(saved, await PositionsAsync(page)); // the page starts from its seed again
        await page.Page.ClickAsync($"#restore-{id}");
        await Expect(page.Page.Locator("#analytics-status")).ToContainTextAsync($"Restored snapshot {id}");

        Assert.Equal(saved, await PositionsAsync(page));
        await Expect(page.Page.Locator("#start")).ToBeEnabledAsync(); // restored stopped, on the saved frame
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Deleting_a_snapshot_removes_it_from_the_list_and_leaves_a_tombstone_in_the_database()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await OpenAsync(context);
        await page.Page.ClickAsync("#save-snapshot");
        await Expect(page.Page.Locator("#snapshots li")).ToHaveCountAsync(1);
        await Expect(page.Page.Locator("#store-particle_snapshots .entries")).ToHaveTextAsync("1");
        var bytes = page.Page.Locator("#store-particle_snapshots .bytes");
        var saved = await bytes.TextContentAsync();
        var id = await page.Page.Locator("#snapshots li").First.GetAttributeAsync("data-id");

        // A delete is a tombstone (a small object with no index value), so that other tabs and
        // layers learn of it: the database panel, a raw count of the objects, still counts one.
        await page.Page.ClickAsync($"#delete-{id}");
        await Expect(page.Page.Locator("#snapshots li")).ToHaveCountAsync(0);
        await Expect(bytes).Not.ToHaveTextAsync(saved!);
        await Expect(page.Page.Locator("#store-particle_snapshots .entries")).ToHaveTextAsync("1");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_particle_count_preference_survives_a_reload()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await OpenAsync(context);

        await page.Page.SelectOptionAsync("#particle-count", "50000");
        await Expect(page.Page.Locator("#particles")).ToHaveTextAsync("50,000");
        await Expect(page.Page.Locator("#analytics-status")).ToHaveTextAsync("50,000 particles.");

        await page.Page.ReloadAsync();
        await WaitReadyAsync(page);
        await Expect(page.Page.Locator("#particle-count")).ToHaveValueAsync("50000");
        await Expect(page.Page.Locator("#particles")).ToHaveTextAsync("50,000");
        await FramesPastAsync(page, 10);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Leaving_the_page_stops_the_loop_and_coming_back_starts_a_new_one()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await OpenAsync(context);
        await FramesPastAsync(page, 10);

        await page.Page.ClickAsync("#nav-playground");
        await Expect(page.Page.Locator("#ready")).ToHaveTextAsync("ready", new() { Timeout = 30_000 });
        Assert.Empty(await PositionsAsync(page, expected: 0)); // the view was disposed

        await page.Page.ClickAsync("#nav-analytics");
        await WaitReadyAsync(page);
        await FramesPastAsync(page, 10);
        Assert.Empty(page.Errors);
    }

    private async Task<AppPage> OpenAsync(IBrowserContext context)
    {
        var page = await AppPage.OpenAsync(app, context, "analytics", output);
        await WaitReadyAsync(page);
        return page;
    }

    private static Task WaitReadyAsync(AppPage page) =>
        Expect(page.Page.Locator("#analytics-ready")).ToHaveTextAsync("ready", new() { Timeout = 30_000 });

    private static async Task<long> FramesAsync(AppPage page) =>
        long.Parse((await page.Page.TextContentAsync("#frames"))!, CultureInfo.InvariantCulture);

    private static async Task<double> NumberAsync(AppPage page, string selector) =>
        double.Parse((await page.Page.TextContentAsync(selector))!, CultureInfo.InvariantCulture);

    /// <summary>Waits until the frame counter passes <paramref name="frames"/>.</summary>
    private static Task<long> FramesPastAsync(AppPage page, long frames) =>
        SamplePage.EventuallyAsync(() => FramesAsync(page), f => f > frames, $"frames past {frames}", timeoutMs: 15_000);

    /// <summary>The first coordinates that reached JavaScript (the page's test hook).</summary>
    private static async Task<double[]> PositionsAsync(AppPage page, int expected = Probe)
    {
        var values = await page.Page.EvaluateAsync<double[]>("n => globalThis.ovasabiParticles.probe(n)", Probe);
        Assert.Equal(expected, values.Length);
        return values;
    }
}
