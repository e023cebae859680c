using System.Runtime.InteropServices.JavaScript;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using OvasabiState;
using OvasabiState.Browser;
using OvasabiState.Sample;
using OvasabiState.Storage;

// The app runs only in the browser: its browser-only APIs (the JS storage) need no guards.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("browser")]

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// The browser layers: IndexedDB, localStorage, sessionStorage and other tabs, over ovasabi-state.js,
// called through [JSImport] (the default) or IJSRuntime (?interop=jsruntime, kept for the tab).
var interop = InteropChoice.FromPage();
if (interop == InteropChoice.JSRuntime)
{
    builder.Services.AddOvasabiJSRuntimeStorage().AddOvasabiState();
}
else
{
    builder.Services.AddOvasabiBrowserStorage().AddOvasabiState();
    await JSBrowserStorage.ImportAsync();
}

var host = builder.Build();
if (host.Services.GetRequiredService<IBrowserStorage>() is JSRuntimeBrowserStorage portable)
{
    await portable.ImportAsync();
}

await host.RunAsync();

/// <summary>
/// Which boundary the sample uses: <c>?interop=jsruntime</c> or <c>?interop=jsimport</c> in the
/// page's URL, remembered in sessionStorage so that in-app navigation and reloads keep it.
/// </summary>
internal static class InteropChoice
{
    public const string JSImport = "jsimport";
    public const string JSRuntime = "jsruntime";
    private const string Key = "ovs-sample:interop";

    public static string FromPage()
    {
        using var location = JSHost.GlobalThis.GetPropertyAsJSObject("location");
        var search = location?.GetPropertyAsString("search") ?? "";
        var asked = search.TrimStart('?').Split('&')
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0] == "interop")
            .Select(pair => Normalize(Uri.UnescapeDataString(pair[1])))
            .LastOrDefault(value => value is not null);
        try
        {
            // Storage objects expose their items as properties: no function call needed.
            using var session = JSHost.GlobalThis.GetPropertyAsJSObject("sessionStorage");
            if (asked is not null)
            {
                session?.SetProperty(Key, asked);
                return asked;
            }

            return Normalize(session?.GetPropertyAsString(Key)) ?? JSImport;
        }
        catch (JSException)
        {
            // sessionStorage blocked: the choice lasts for this load only.
            return asked ?? JSImport;
        }
    }

    private static string? Normalize(string? value) =>
        string.Equals(value, JSRuntime, StringComparison.OrdinalIgnoreCase) ? JSRuntime
        : string.Equals(value, JSImport, StringComparison.OrdinalIgnoreCase) ? JSImport
        : null;
}
