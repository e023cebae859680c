using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
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
    private WebApplication? _server;
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
            : await PublishAsync();
        if (!File.Exists(Path.Combine(wwwroot, "index.html")))
        {
            throw new InvalidOperationException($"No published sample at {wwwroot} (index.html is missing).");
        }

        var published = clock.Elapsed;
        _server = await StartServerAsync(wwwroot);
        var served = clock.Elapsed;

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            // Debian's chromium; never `playwright install`.
            ExecutablePath = Environment.GetEnvironmentVariable("OVS_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
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
            await _server.StopAsync();
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

    private static async Task<string> PublishAsync()
    {
        var root = RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "sample");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(root, "sample", "OvasabiState.Sample", "OvasabiState.Sample.csproj"), "-c", "Release", "-o", output, "--nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the sample failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return Path.Combine(output, "wwwroot");
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OvasabiState.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OvasabiState.sln not found above " + AppContext.BaseDirectory);
    }

    private async Task<WebApplication> StartServerAsync(string wwwroot)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = wwwroot,
            WebRootPath = wwwroot,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".dat"] = "application/octet-stream"; // ICU data: without it Blazor never boots
        types.Mappings[".blat"] = "application/octet-stream";
        types.Mappings[".wasm"] = "application/wasm";
        types.Mappings[".webcil"] = "application/octet-stream";
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = types });
        app.MapFallbackToFile("index.html");
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/') + "/";
        return app;
    }
}
