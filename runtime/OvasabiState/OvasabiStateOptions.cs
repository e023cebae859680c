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

    /// <summary>
    /// How long a write of a <see cref="SyncMode.Periodic"/> or <see cref="SyncMode.Manual"/> record
    /// may wait before it is kept in the durable outbox (IndexedDB), where it survives a crash or a
    /// closed tab until its flush. Default 1 second. Realtime writes flush at once instead.
    /// </summary>
    public TimeSpan OutboxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a tombstone (the record of a delete) is kept, so late tabs and layers learn of the
    /// delete instead of bringing the record back. Default 30 days.
    /// </summary>
    public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The first wait before a refused write is retried on its own; it doubles on every failure. Default 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries of refused writes. Default 5 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most the retention clock advances at start-up, however far the wall clock moved since
    /// the last run (see the README's "Retention and the clock"). Default 1 day.
    /// </summary>
    public TimeSpan RetentionClockMaxStep { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The layered types to manage. Default: every type in <see cref="StateBindingRegistry"/>.</summary>
    public IReadOnlyList<IStateBinding>? Bindings { get; set; }
}
