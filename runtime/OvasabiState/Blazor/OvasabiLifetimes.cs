using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using OvasabiState.Storage;

namespace OvasabiState.Blazor;

/// <summary>
/// The two lifetimes OvasabiState can be registered with, and the check that keeps them consistent:
/// <see cref="ServiceLifetime.Singleton"/> for one app per browser tab (WebAssembly), and
/// <see cref="ServiceLifetime.Scoped"/> for one state per circuit (Blazor Server).
/// </summary>
internal static class OvasabiLifetimes
{
    /// <summary>Refuses <see cref="ServiceLifetime.Transient"/>: a manager per resolution would not share memory, pending writes or events.</summary>
    public static void Validate(ServiceLifetime lifetime, string parameterName)
    {
        if (lifetime is not (ServiceLifetime.Singleton or ServiceLifetime.Scoped))
        {
            throw new ArgumentOutOfRangeException(parameterName, lifetime, "OvasabiState is registered Singleton (WebAssembly: one state per tab) or Scoped (Blazor Server: one state per circuit); Transient would give every component its own memory and pending writes.");
        }
    }

    /// <summary>
    /// Fails with a message that names the fix when app-wide (singleton) state would take its
    /// storage from a per-circuit registration: the container would either refuse it (scope
    /// validation) or, without validation, hand every user the first circuit's page.
    /// </summary>
    public static void EnsureNotScoped(IServiceCollection services)
    {
        var storage = services.LastOrDefault(d => d.ServiceType == typeof(IBrowserStorage));
        if (storage?.Lifetime == ServiceLifetime.Scoped)
        {
            throw new InvalidOperationException(
                "IBrowserStorage is registered per circuit (Scoped) but AddOvasabiState() was called with the Singleton lifetime, " +
                "which would share one state between every user. On Blazor Server call AddOvasabiStateForServer(), " +
                "or pass ServiceLifetime.Scoped to both AddOvasabiJSRuntimeStorage() and AddOvasabiState().");
        }
    }
}
