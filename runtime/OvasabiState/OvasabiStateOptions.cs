using System;
using System.Collections.Generic;
using OvasabiState.Storage;

namespace OvasabiState;

/// <summary>Settings of the OvasabiState runtime.</summary>
public sealed class OvasabiStateOptions
{
    /// <summary>
    /// The browser boundary. In a Blazor WebAssembly app this is the JavaScript implementation;
    /// in host tests an <see cref="InMemoryBrowser"/> tab.
    /// </summary>
    public IBrowserStorage? Storage { get; set; }

    /// <summary>The clock (tests pass a fake one). Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How often <see cref="SyncMode.Periodic"/> records are flushed. Default 30 seconds.</summary>
    public TimeSpan PeriodicSyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often retention deletes expired records (it also runs at start-up). Default 5 minutes.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a <see cref="SyncMode.Realtime"/> write waits before its flush, so writes made in
    /// the same turn share one batch. Zero (default) flushes on the next turn of the event loop.
    /// </summary>
    public TimeSpan RealtimeFlushDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The layered types to manage. Default: every type in <see cref="StateBindingRegistry"/>.</summary>
    public IReadOnlyList<IStateBinding>? Bindings { get; set; }
}
