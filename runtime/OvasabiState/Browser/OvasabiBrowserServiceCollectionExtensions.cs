using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OvasabiState.Browser;
using OvasabiState.Storage;

namespace OvasabiState;

/// <summary>Registers the browser storage of a Blazor WebAssembly app.</summary>
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
}
