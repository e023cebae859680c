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
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Sets the options; called once per manager (once per circuit when scoped).</param>
    /// <param name="lifetime">
    /// <see cref="ServiceLifetime.Singleton"/> (the default) in Blazor WebAssembly, where the app is
    /// one browser tab. <see cref="ServiceLifetime.Scoped"/> in Blazor Server (and the server side
    /// of Auto), where a scope is one circuit, that is one user's tab: each circuit then gets its
    /// own manager, memory and stores, over its own <see cref="IBrowserStorage"/> (register that
    /// scoped too, or use <see cref="AddOvasabiStateForServer"/>). The manager is disposed with
    /// its scope, which flushes pending writes first.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lifetime"/> is <see cref="ServiceLifetime.Transient"/>.</exception>
    public static IServiceCollection AddOvasabiState(this IServiceCollection services, Action<OvasabiStateOptions>? configure = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        OvasabiLifetimes.Validate(lifetime, nameof(lifetime));
        services.Add(new ServiceDescriptor(typeof(OvasabiStateOptions), provider =>
        {
            var options = new OvasabiStateOptions();
            configure?.Invoke(options);
            if (options.Storage is null)
            {
                if (lifetime == ServiceLifetime.Singleton)
                {
                    OvasabiLifetimes.EnsureNotScoped(services);
                }

                options.Storage = provider.GetService<IBrowserStorage>();
            }

            return options;
        }, lifetime));
        services.Add(new ServiceDescriptor(typeof(StateSyncManager), provider => new StateSyncManager(provider.GetRequiredService<OvasabiStateOptions>()), lifetime));
        services.Add(new ServiceDescriptor(typeof(IStateStore<>), typeof(StateStoreService<>), lifetime));
        return services;
    }

    /// <summary>
    /// Registers OvasabiState for Blazor Server (interactive server render mode, and the server
    /// side of Auto): <see cref="Browser.JSRuntimeBrowserStorage"/> and the sync manager and
    /// stores, all per circuit. Same as
    /// <c>AddOvasabiJSRuntimeStorage(ServiceLifetime.Scoped).AddOvasabiState(configure, ServiceLifetime.Scoped)</c>.
    /// </summary>
    /// <remarks>
    /// The state lives in the user's browser (IndexedDB, Web Storage) and in the circuit's memory;
    /// nothing is shared between circuits on the server. While a page is prerendered there is no
    /// browser to talk to: read state in an interactive render (see
    /// <see cref="Blazor.LayeredComponentBase.OnStateReadyAsync"/>). A write that had not reached
    /// the browser when its circuit closed is lost with the circuit.
    /// </remarks>
    /// <example>
    /// <code>
    /// builder.Services.AddRazorComponents().AddInteractiveServerComponents();
    /// builder.Services.AddOvasabiStateForServer();
    /// </code>
    /// </example>
    public static IServiceCollection AddOvasabiStateForServer(this IServiceCollection services, Action<OvasabiStateOptions>? configure = null) =>
        services.AddOvasabiJSRuntimeStorage(ServiceLifetime.Scoped).AddOvasabiState(configure, ServiceLifetime.Scoped);
}
