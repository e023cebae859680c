using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;
using OvasabiState.Testing;

namespace OvasabiState.Benchmarks.Browser;

/// <summary>
/// The <c>browser</c> command: serves the published sample, opens its /bench page in headless
/// Debian Chromium through Playwright, runs the suites and prints the markdown report.
/// Order: the page runs every asked suite in one load; then a second page opens to listen and
/// the page is loaded again with <c>?suite=crosstab</c>; then, for start-up hydration, it is
/// loaded once more with <c>?suite=startup</c> (the hydration suite left its 1,000 records for it);
/// last, the Analytics page's frame rate in both its modes (<see cref="FrameRateBench"/>), in a
/// context of its own with a fixed viewport, so the canvas has the same size in every load.
/// </summary>
internal static class BrowserBenchCommand
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(45);

    public static async Task<int> RunAsync(string[] args)
    {
        BrowserBenchOptions options;
        try
        {
            options = BrowserBenchOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var wwwroot = Path.GetFullPath(options.Wwwroot ?? await PublishAsync());
        await using var server = await StaticSite.StartAsync(wwwroot, crossOriginIsolated: true);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        Console.Error.WriteLine($"browser: Chromium {browser.Version}, serving {wwwroot} at {server.BaseUrl}");
        await using var context = await browser.NewContextAsync();
        var errors = new List<string>();
        var quick = options.Quick ? "&quick=1" : "";

        var figures = new List<BenchFigure>();
        var userAgent = "";
        var page = await OpenAsync(context, errors, "bench");
        async Task RunPageAsync(IPage target, string name, string suites)
        {
            await target.GotoAsync(server.BaseUrl + "bench?suite=" + suites + "&autorun=1" + quick);
            var results = await FinishAsync(target, name);
            userAgent = results.UserAgent;
            figures.AddRange(results.Measurements);
        }

        if (options.Profile is { } profilePath)
        {
            // Loaded idle, then the suite's button: the profile holds the suite and nothing of the boot.
            await page.GotoAsync(server.BaseUrl + "bench" + (options.Quick ? "?quick=1" : ""));
            await WaitForStatusAsync(page, "bench", s => s == "idle", TimeSpan.FromMinutes(2));
            var profile = await CpuProfile.StartAsync(context, page);
            await page.ClickAsync("#bench-run-" + options.FirstRun);
            await WaitForStatusAsync(page, "bench", s => s.StartsWith("running", StringComparison.Ordinal) || s == "done", TimeSpan.FromMinutes(1));
            var results = await FinishAsync(page, "bench");
            userAgent = results.UserAgent;
            figures.AddRange(results.Measurements);
            Console.Error.WriteLine(await profile.StopAsync(Path.GetFullPath(profilePath)));
        }
        else if (options.FirstRun.Length > 0)
        {
            await RunPageAsync(page, "bench", options.FirstRun);
        }

        if (options.Wants(BrowserBenchOptions.CrossTab))
        {
            // The listening page opens only now: an open tab hears (and loads) every record the
            // other suites write, which would load the machine while they are measured.
            var listener = await OpenAsync(context, errors, "listener");
            await listener.GotoAsync(server.BaseUrl + "bench?suite=crosstab-listen&autorun=1" + quick);
            await WaitForStatusAsync(listener, "listener", s => s.StartsWith("running", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
            await RunPageAsync(page, "bench", BrowserBenchOptions.CrossTab);
            await FinishAsync(listener, "listener");
            await listener.CloseAsync();
        }

        if (options.Wants(BrowserBenchOptions.Startup))
        {
            // A new load of the page: cold .NET, cold memory, the database already on disk.
            await RunPageAsync(page, "bench", BrowserBenchOptions.Startup);
        }

        if (options.Wants(BrowserBenchOptions.Fps))
        {
            await using var fpsContext = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 720 } });
            figures.AddRange(await new FrameRateBench(fpsContext, server.BaseUrl, errors, options.Quick).RunAsync());
        }

        var report = BenchTable.Render(figures, browser.Version, userAgent, options, clock.Elapsed);
        Console.WriteLine(report);
        if (options.Output is { } output)
        {
            await File.WriteAllTextAsync(output, report);
            Console.Error.WriteLine($"browser: report written to {Path.GetFullPath(output)}");
        }

        foreach (var error in errors)
        {
            Console.Error.WriteLine("browser console error: " + error);
        }

        return errors.Count == 0 ? 0 : 1;
    }

    /// <summary>A new page whose console errors and uncaught exceptions are collected.</summary>
    private static async Task<IPage> OpenAsync(IBrowserContext context, List<string> errors, string name)
    {
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{name}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"{name}: {error}");
        return page;
    }

    /// <summary>Waits for <c>done</c> (or throws on <c>failed: ...</c>) and returns the page's figures.</summary>
    private static async Task<PageResults> FinishAsync(IPage page, string name)
    {
        var status = await WaitForStatusAsync(page, name, s => s == "done" || s.StartsWith("failed", StringComparison.Ordinal), RunTimeout);
        if (status != "done")
        {
            throw new InvalidOperationException($"{name} page: {status}");
        }

        return PageResults.Parse(await page.TextContentAsync("#bench-json") ?? "");
    }

    private static async Task<string> WaitForStatusAsync(IPage page, string name, Func<string, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            var status = (await page.Locator("#bench-status").CountAsync() > 0 ? await page.TextContentAsync("#bench-status") : null)?.Trim() ?? "loading";
            if (status != last)
            {
                Console.Error.WriteLine($"browser: {clock.Elapsed.TotalSeconds,6:F1} s  {name}: {status}");
                last = status;
            }

            if (done(status))
            {
                return status;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{name} page: still '{last}' after {timeout.TotalMinutes:F0} min");
    }

    private static Task<string> PublishAsync()
    {
        Console.Error.WriteLine("browser: publishing the sample to artifacts/sample-bench ...");
        return SamplePublisher.PublishAsync("sample-bench");
    }
}
