using System;
using Microsoft.Extensions.DependencyInjection;
using OvasabiState.Blazor;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Sync;

namespace OvasabiState;

/// <summary>Registers OvasabiState in a Blazor app's services.</summary>
public static class OvasabiStateServiceCollectionExtensions
{
    /// <summary>
    /// Adds the sync manager and <c>IStateStore&lt;T&gt;</c> for every layered type (from the
    /// generated registry; no assembly scanning). The browser storage comes from
    /// <see cref="OvasabiStateOptions.Storage"/>, else from a registered <see cref="IBrowserStorage"/>.
    /// </summary>
    public static IServiceCollection AddOvasabiState(this IServiceCollection services, Action<OvasabiStateOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(provider =>
        {
            var options = new OvasabiStateOptions();
            configure?.Invoke(options);
            options.Storage ??= provider.GetService<IBrowserStorage>();
            return options;
        });
        services.AddSingleton(provider => new StateSyncManager(provider.GetRequiredService<OvasabiStateOptions>()));
        services.AddSingleton(typeof(IStateStore<>), typeof(StateStoreService<>));
        return services;
    }
}
