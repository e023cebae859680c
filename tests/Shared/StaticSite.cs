using System;
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

namespace OvasabiState.Testing;

/// <summary>
/// A published Blazor WebAssembly <c>wwwroot</c> on an in-process Kestrel at 127.0.0.1 (a free
/// port), with deep links falling back to <c>index.html</c>, as a static host would serve it.
/// </summary>
internal sealed class StaticSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSite(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The root URL, ending with '/'.</summary>
    public string BaseUrl { get; }

    /// <param name="wwwroot">The published folder.</param>
    /// <param name="crossOriginIsolated">
    /// Adds COOP/COEP headers: a cross-origin-isolated page gets 5 µs timers
    /// (<c>performance.now()</c>, <c>Stopwatch</c>) instead of 100 µs, which benchmarks need.
    /// </param>
    public static async Task<StaticSite> StartAsync(string wwwroot, bool crossOriginIsolated = false)
    {
        if (!File.Exists(Path.Combine(wwwroot, "index.html")))
        {
            throw new InvalidOperationException($"No published sample at {wwwroot} (index.html is missing).");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = wwwroot,
            WebRootPath = wwwroot,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        if (crossOriginIsolated)
        {
            app.Use((context, next) =>
            {
                context.Response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
                context.Response.Headers["Cross-Origin-Embedder-Policy"] = "require-corp";
                return next(context);
            });
        }

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
        return new StaticSite(app, address.TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
