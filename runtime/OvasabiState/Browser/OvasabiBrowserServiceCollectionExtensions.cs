using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.JSInterop;
using OvasabiState.Browser;
using OvasabiState.Storage;

namespace OvasabiState;

/// <summary>
/// Registers the browser storage: <see cref="AddOvasabiBrowserStorage"/> (<c>[JSImport]</c>, the
/// WebAssembly fast path) or <see cref="AddOvasabiJSRuntimeStorage"/> (<see cref="IJSRuntime"/>, portable).
/// </summary>
public static class OvasabiBrowserServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="JSBrowserStorage"/> (IndexedDB, Web Storage, cross-tab messages over
    /// the module <c>_content/OvasabiState/ovasabi-state.js</c>) as the <see cref="IBrowserStorage"/>
    /// that <c>AddOvasabiState()</c> uses when its options name none.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddOvasabiBrowserStorage().AddOvasabiState();
    /// await JSBrowserStorage.ImportAsync(); // optional: import the module at start-up
    /// </code>
    /// </example>
    [SupportedOSPlatform("browser")]
    public static IServiceCollection AddOvasabiBrowserStorage(this IServiceCollection services)
    {
        System.ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IBrowserStorage, JSBrowserStorage>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="JSRuntimeBrowserStorage"/> (the same module, called through
    /// <see cref="IJSRuntime"/> only) as the <see cref="IBrowserStorage"/> that
    /// <c>AddOvasabiState()</c> uses when its options name none. It is registered as a singleton
    /// over the app's <see cref="IJSRuntime"/>, which is what a WebAssembly app has; where
    /// <see cref="IJSRuntime"/> belongs to a circuit (Blazor Server), create one
    /// <see cref="JSRuntimeBrowserStorage"/> per circuit instead.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddOvasabiJSRuntimeStorage().AddOvasabiState();
    /// </code>
    /// </example>
    public static IServiceCollection AddOvasabiJSRuntimeStorage(this IServiceCollection services)
    {
        System.ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IBrowserStorage>(provider => new JSRuntimeBrowserStorage(provider.GetRequiredService<IJSRuntime>()));
        return services;
    }
}
