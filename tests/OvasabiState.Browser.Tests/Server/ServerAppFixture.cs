using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OvasabiState.Testing;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OvasabiState.Browser.Tests.Server;

/// <summary>
/// A Blazor Web App with interactive server rendering, in-process on Kestrel
/// (<c>http://127.0.0.1:0</c>), with OvasabiState registered per circuit
/// (<c>AddOvasabiStateForServer()</c>), and one headless Debian chromium for every test. The
/// container validates scopes on build and on every resolution, as in Development, so a singleton
/// that captured a circuit's service would fail here.
/// </summary>
public sealed class ServerAppFixture : IAsyncLifetime
{
    private readonly IMessageSink _sink;
    private WebApplication? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ServerAppFixture(IMessageSink sink) => _sink = sink;

    /// <summary>The server's root URL, ending with '/'.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Warnings and errors the server logged.</summary>
    public ServerErrorLog ServerLog { get; } = new();

    /// <summary>The shared browser; each test opens its own contexts.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        _server = await StartHostAsync(ServerLog);
        BaseUrl = AddressOf(_server);
        var served = clock.Elapsed;

        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
        _sink.OnMessage(new DiagnosticMessage($"server fixture: Blazor Server host in {served.TotalSeconds:F1} s, browser {_browser.Version} in {(clock.Elapsed - served).TotalSeconds:F1} s; serving at {BaseUrl}"));
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

    /// <summary>Opens <paramref name="path"/> (<see cref="PrerenderedStatePage.Path"/> or <see cref="LiveStatePage.Path"/>) in <paramref name="context"/> and waits until its circuit has loaded the state.</summary>
    public async Task<ServerPage> OpenAsync(IBrowserContext context, string path = PrerenderedStatePage.Path, ITestOutputHelper? output = null)
    {
        var page = new ServerPage(await context.NewPageAsync(), output);
        await page.Page.GotoAsync(BaseUrl + path.TrimStart('/'));
        await page.WaitReadyAsync();
        return page;
    }

    /// <summary>Starts the fixture's Blazor Server host, logging its warnings and errors to <paramref name="log"/>.</summary>
    internal static async Task<WebApplication> StartHostAsync(ServerErrorLog log)
    {
        var webRoot = Path.Combine(AppContext.BaseDirectory, "server-wwwroot");
        if (!File.Exists(Path.Combine(webRoot, "_framework", "blazor.web.js")))
        {
            throw new InvalidOperationException($"No blazor.web.js under {webRoot}: the test project copies it from Microsoft.AspNetCore.App.Internal.Assets at build.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = webRoot,
            EnvironmentName = "Production",
        });
        builder.Host.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHostOwnDataProtection(); // never ~/.aspnet: see HostDataProtection
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(o => o.DetailedErrors = true);

        // What a Blazor Server app's Program.cs does: one OvasabiState per circuit.
        builder.Services.AddOvasabiStateForServer();
        var app = builder.Build();

        app.UseStaticFiles(); // _framework/blazor.web.js
        app.UseStaticFiles(new StaticFileOptions
        {
            // The runtime's ES modules where a Razor class library's assets are served.
            FileProvider = new PhysicalFileProvider(Path.Combine(Repository.Root(), "runtime", "OvasabiState", "wwwroot")),
            RequestPath = "/_content/OvasabiState",
        });
        app.UseAntiforgery();
        app.MapRazorComponents<ServerApp>().AddInteractiveServerRenderMode();
        await app.StartAsync();
        return app;
    }

    /// <summary>The root URL <paramref name="app"/> listens at, ending with '/'.</summary>
    internal static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
}
