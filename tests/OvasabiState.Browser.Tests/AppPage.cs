using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Playwright;
using OvasabiState.Testing;
using Xunit.Abstractions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// A page of the sample opened at a path, with every console error and page error it produces
/// collected (the pages must run without any), and screenshots saved as test artifacts.
/// </summary>
public sealed class AppPage
{
    private readonly ITestOutputHelper _output;
    private readonly List<string> _errors = new();

    private AppPage(IPage page, ITestOutputHelper output)
    {
        Page = page;
        _output = output;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record("console error: " + message.Text);
            }
        };
        page.PageError += (_, error) => Record("page error: " + error);
    }

    public IPage Page { get; }

    /// <summary>Console and page errors so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToArray();
            }
        }
    }

    /// <summary>Where screenshots go: <c>$OVS_ARTIFACTS</c>, or <c>artifacts/screenshots</c> in the repository (gitignored).</summary>
    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable("OVS_ARTIFACTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Repository.Root(), "artifacts", "screenshots");

    public static async Task<AppPage> OpenAsync(SampleAppFixture app, IBrowserContext context, string path, ITestOutputHelper output)
    {
        var page = new AppPage(await context.NewPageAsync(), output);
        await page.Page.GotoAsync(app.BaseUrl + path.TrimStart('/'));
        return page;
    }

    /// <summary>Saves a full-page screenshot as <c>name.png</c> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        _output.WriteLine("screenshot: " + path);
        return path;
    }

    private void Record(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }

        _output.WriteLine(error);
    }
}
