using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Playwright;
using OvasabiState.Testing;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// The published sample served by an in-process Kestrel, and one headless Debian chromium for
/// every test. The sample is published once per test run (Release), unless
/// <c>OVS_SAMPLE_WWWROOT</c> names an already published <c>wwwroot</c> (tests/test.sh sets it).
/// </summary>
public sealed class SampleAppFixture : IAsyncLifetime
{
    /// <summary>The environment variable naming a published wwwroot to serve instead of publishing.</summary>
    public const string WwwrootVariable = "OVS_SAMPLE_WWWROOT";

    private readonly IMessageSink _sink;
    private StaticSite? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SampleAppFixture(IMessageSink sink) => _sink = sink;

    /// <summary>The server's root URL, ending with '/'.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The shared browser; each test opens its own contexts.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var wwwroot = Environment.GetEnvironmentVariable(WwwrootVariable) is { Length: > 0 } given
            ? given
            : await SamplePublisher.PublishAsync("sample");
        var published = clock.Elapsed;
        _server = await StaticSite.StartAsync(wwwroot);
        BaseUrl = _server.BaseUrl;
        var served = clock.Elapsed;

        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
        Log($"fixture: sample ready in {published.TotalSeconds:F1} s, server in {(served - published).TotalSeconds:F1} s, browser {_browser.Version} in {(clock.Elapsed - served).TotalSeconds:F1} s; serving {wwwroot} at {BaseUrl}");
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Opens the state page in <paramref name="context"/> and waits until the app is ready.</summary>
    public async Task<SamplePage> OpenAsync(IBrowserContext context, ITestOutputHelper? output = null)
    {
        var page = await context.NewPageAsync();
        var sample = new SamplePage(page, output);
        await page.GotoAsync(BaseUrl + "state-test");
        await sample.WaitReadyAsync();
        return sample;
    }

    /// <summary>
    /// Opens the state page with the storage boundary chosen in its URL (<c>?interop=jsimport</c>
    /// or <c>?interop=jsruntime</c>), waits until the app is ready, and checks the page reports
    /// that boundary (<c>#interop</c>: JSImport or IJSRuntime).
    /// </summary>
    public async Task<SamplePage> OpenAsync(IBrowserContext context, ITestOutputHelper? output, string interop)
    {
        var page = await context.NewPageAsync();
        var sample = new SamplePage(page, output);
        await page.GotoAsync(BaseUrl + "state-test?interop=" + interop);
        await sample.WaitReadyAsync();
        Assert.Equal(interop == "jsruntime" ? "IJSRuntime" : "JSImport", await sample.InteropAsync());
        return sample;
    }

    private void Log(string message) => _sink.OnMessage(new DiagnosticMessage(message));

}
