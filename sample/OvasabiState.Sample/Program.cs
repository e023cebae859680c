using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using OvasabiState;
using OvasabiState.Browser;
using OvasabiState.Sample;

// The app runs only in the browser: its browser-only APIs (the JS storage) need no guards.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("browser")]

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// The browser layers: IndexedDB, localStorage, sessionStorage and other tabs, over ovasabi-state.js.
builder.Services.AddOvasabiBrowserStorage().AddOvasabiState();
await JSBrowserStorage.ImportAsync();

await builder.Build().RunAsync();
