using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// A user's first tour: every page of the sample reached through the sidebar, each ready and
/// without a console error, in the light and the dark theme; a screenshot of each is saved.
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class PageTourTests(SampleAppFixture app, ITestOutputHelper output)
{
    [Theory]
    [InlineData("Light")]
    [InlineData("Dark")]
    public async Task Every_page_is_reached_from_the_sidebar_and_runs_without_console_errors(string theme)
    {
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await AppPage.OpenAsync(app, context, "/", output);
        await Expect(page.Page.Locator("#sync-layers[data-loaded='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.Page.SelectOptionAsync("#theme", theme);
        await Expect(page.Page.Locator(".shell")).ToHaveAttributeAsync("data-theme", theme.ToLowerInvariant());
        await page.ScreenshotAsync($"tour-{theme}-state");

        await page.Page.ClickAsync("#nav-analytics");
        await Expect(page.Page.Locator("#analytics-ready")).ToHaveTextAsync("ready", new() { Timeout = 30_000 });
        await Expect(page.Page.Locator("#nav-analytics")).ToHaveClassAsync("active");
        await page.ScreenshotAsync($"tour-{theme}-analytics");

        await page.Page.ClickAsync("#nav-bench");
        await Expect(page.Page.Locator("#bench-status")).ToHaveTextAsync("idle", new() { Timeout = 30_000 });
        await page.ScreenshotAsync($"tour-{theme}-bench");

        await page.Page.ClickAsync("#nav-playground");
        await Expect(page.Page.Locator("#ready")).ToHaveTextAsync("ready", new() { Timeout = 30_000 });
        await page.ScreenshotAsync($"tour-{theme}-playground");

        await page.Page.ClickAsync("#nav-state");
        await Expect(page.Page.Locator("#sync-layers[data-loaded='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Page.Locator(".shell")).ToHaveAttributeAsync("data-theme", theme.ToLowerInvariant());
        Assert.Empty(page.Errors);
    }
}
