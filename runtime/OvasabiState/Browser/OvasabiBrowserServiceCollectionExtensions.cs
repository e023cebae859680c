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
    /// <c>AddOvasabiState()</c> uses when its options name none.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="lifetime">
    /// <see cref="ServiceLifetime.Singleton"/> (the default) over the app's one
    /// <see cref="IJSRuntime"/>, which is what a WebAssembly app has.
    /// <see cref="ServiceLifetime.Scoped"/> where <see cref="IJSRuntime"/> belongs to a circuit
    /// (Blazor Server, the server side of Auto): one storage per circuit, disposed with it. Then
    /// register <c>AddOvasabiState(..., ServiceLifetime.Scoped)</c> too, or use
    /// <c>AddOvasabiStateForServer()</c>, which does both.
    /// </param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="lifetime"/> is <see cref="ServiceLifetime.Transient"/>.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddOvasabiJSRuntimeStorage().AddOvasabiState();                // WebAssembly
    /// builder.Services.AddOvasabiJSRuntimeStorage(ServiceLifetime.Scoped)
    ///                 .AddOvasabiState(lifetime: ServiceLifetime.Scoped);             // Blazor Server
    /// </code>
    /// </example>
    public static IServiceCollection AddOvasabiJSRuntimeStorage(this IServiceCollection services, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        System.ArgumentNullException.ThrowIfNull(services);
        Blazor.OvasabiLifetimes.Validate(lifetime, nameof(lifetime));
        services.TryAdd(new ServiceDescriptor(typeof(IBrowserStorage), provider => new JSRuntimeBrowserStorage(provider.GetRequiredService<IJSRuntime>()), lifetime));
        return services;
    }
}
