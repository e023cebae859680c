using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using OvasabiState.Browser;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Blazor;

/// <summary>
/// Registration for Blazor Server: state per circuit (a DI scope) over the circuit's IJSRuntime,
/// checked by the container's scope validation; what a closed, disconnected or prerendered
/// circuit does to the stores. Blazor Server itself is exercised in Chromium by the browser tests
/// (Server/ServerRenderModeTests).
/// </summary>
public sealed class ServerLifetimeTests
{
    private static readonly ServiceProviderOptions Validated = new() { ValidateScopes = true, ValidateOnBuild = true };

    [Fact]
    public async Task Per_circuit_registration_passes_scope_validation_and_gives_each_circuit_its_own_state()
    {
        await using var provider = ServerServices().BuildServiceProvider(Validated);
        await using var first = provider.CreateAsyncScope();
        await using var second = provider.CreateAsyncScope();

        var firstNotes = first.ServiceProvider.GetRequiredService<IStateStore<ManualNoteRecord>>();
        Assert.Same(firstNotes, first.ServiceProvider.GetRequiredService<IStateStore<ManualNoteRecord>>());
        Assert.NotSame(firstNotes, second.ServiceProvider.GetRequiredService<IStateStore<ManualNoteRecord>>());
        Assert.NotSame(first.ServiceProvider.GetRequiredService<StateSyncManager>(), second.ServiceProvider.GetRequiredService<StateSyncManager>());
        var storage = Assert.IsType<JSRuntimeBrowserStorage>(first.ServiceProvider.GetRequiredService<IBrowserStorage>());
        Assert.NotEqual(storage.InstanceId, second.ServiceProvider.GetRequiredService<IBrowserStorage>().InstanceId);

        // Memory is per circuit: the second circuit's empty browser and memory know nothing of the first's note.
        await firstNotes.SetAsync(new ManualNoteRecord { Id = "n1", Title = "first circuit" });
        Assert.Equal("first circuit", (await firstNotes.FindAsync("n1"))!.Title);
        Assert.Null(await second.ServiceProvider.GetRequiredService<IStateStore<ManualNoteRecord>>().FindAsync("n1"));
    }

    [Fact]
    public void Per_circuit_state_cannot_be_resolved_outside_a_circuit()
    {
        using var provider = ServerServices().BuildServiceProvider(Validated);
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<StateSyncManager>());
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IStateStore<ManualNoteRecord>>());
    }

    [Fact]
    public void App_wide_state_over_per_circuit_storage_fails_with_the_fix_in_the_message()
    {
        var services = new ServiceCollection();
        services.AddScoped<IJSRuntime, CircuitJSRuntime>();
        services.AddOvasabiJSRuntimeStorage(ServiceLifetime.Scoped).AddOvasabiState();

        // Without scope validation (a Production host) the container would hand every user the
        // first circuit's storage; the registration refuses instead and says what to call.
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<StateSyncManager>());
        Assert.Contains("AddOvasabiStateForServer()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transient_is_refused()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddOvasabiState(lifetime: ServiceLifetime.Transient));
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddOvasabiJSRuntimeStorage(ServiceLifetime.Transient));
        Assert.Empty(services);
    }

    [Fact]
    public async Task The_default_registration_stays_app_wide()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IJSRuntime, CircuitJSRuntime>();
        services.AddOvasabiJSRuntimeStorage().AddOvasabiState();
        Assert.All(services.Where(d => d.ServiceType != typeof(IJSRuntime)), d => Assert.Equal(ServiceLifetime.Singleton, d.Lifetime));

        await using var provider = services.BuildServiceProvider(Validated);
        await using var scope = provider.CreateAsyncScope();
        Assert.Same(provider.GetRequiredService<StateSyncManager>(), scope.ServiceProvider.GetRequiredService<StateSyncManager>());
        Assert.Same(provider.GetRequiredService<IStateStore<ManualNoteRecord>>(), scope.ServiceProvider.GetRequiredService<IStateStore<ManualNoteRecord>>());
    }

    [Fact]
    public async Task Closing_a_circuit_flushes_its_pending_writes_then_releases_the_page()
    {
        await using var provider = ServerServices().BuildServiceProvider(Validated);
        var scope = provider.CreateAsyncScope();
        var js = (CircuitJSRuntime)scope.ServiceProvider.GetRequiredService<IJSRuntime>();
        var notes = scope.ServiceProvider.GetRequiredService<IStateStore<ManualNoteRecord>>();

        await notes.SetAsync(new ManualNoteRecord { Id = "n1", Title = "written just before the tab closed" });
        Assert.DoesNotContain("mutateRecordsFramed", js.Calls); // Manual: nothing flushed yet

        await scope.DisposeAsync();

        // The manager is disposed before the storage it was created over: its flush still reaches the page.
        var calls = js.Calls.ToList();
        Assert.Contains("mutateRecordsFramed", calls);
        Assert.Contains("mutateItems", calls);
        Assert.True(calls.LastIndexOf("mutateRecordsFramed") < calls.IndexOf("unsubscribe"));
        Assert.True(js.ModuleDisposed);
    }

    [Fact]
    public async Task A_disconnected_circuit_makes_the_layers_unavailable_with_typed_errors_and_keeps_the_writes_in_memory()
    {
        await using var provider = ServerServices().BuildServiceProvider(Validated);
        var scope = provider.CreateAsyncScope();
        var js = (CircuitJSRuntime)scope.ServiceProvider.GetRequiredService<IJSRuntime>();
        var manager = scope.ServiceProvider.GetRequiredService<StateSyncManager>();
        var notes = scope.ServiceProvider.GetRequiredService<IStateStore<ManualNoteRecord>>();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<StateError>();
        manager.ErrorOccurred += (_, error) => errors.Enqueue(error);
        Assert.Null(await notes.FindAsync("n1")); // initialized while connected

        js.Disconnect();
        await notes.SetAsync(new ManualNoteRecord { Id = "n1", Title = "kept in memory" });
        await manager.FlushAsync(); // does not throw: the failure goes to the status and the events

        Assert.NotEmpty(errors);
        Assert.All(errors, error =>
        {
            var storage = Assert.IsType<StorageException>(error.Exception);
            Assert.Equal(StorageFailure.Unavailable, storage.Failure);
            Assert.IsType<JSDisconnectedException>(storage.InnerException);
        });
        var indexedDb = (await manager.GetSyncStatusAsync()).Layers.Single(l => l.Layer == StateLayer.IndexedDb);
        Assert.False(indexedDb.Available);
        Assert.Equal(1, indexedDb.PendingWrites);
        Assert.Equal("kept in memory", (await notes.FindAsync("n1"))!.Title);

        await scope.DisposeAsync(); // closing a circuit whose page is gone does not throw
    }

    [Fact]
    public async Task A_prerendered_page_has_no_browser_and_the_storage_says_so_with_a_typed_error()
    {
        var storage = new JSRuntimeBrowserStorage(new CircuitJSRuntime { Prerendering = true });

        var error = await Assert.ThrowsAsync<StorageException>(async () => await storage.IsAvailableAsync(WebStorageArea.Local));
        Assert.Equal(StorageFailure.Unavailable, error.Failure);
        Assert.Contains("prerendered", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        await storage.DisposeAsync();
    }

    [Fact]
    public async Task An_interop_timeout_is_a_failure_of_that_call_and_a_cancellation_stays_a_cancellation()
    {
        var js = new CircuitJSRuntime();
        await using var storage = new JSRuntimeBrowserStorage(js);
        await storage.ImportAsync();
        js.Fail(new TaskCanceledException("the JS interop call timed out"));

        var error = await Assert.ThrowsAsync<StorageException>(async () => await storage.GetItemAsync(WebStorageArea.Local, "k"));
        Assert.Equal(StorageFailure.Failed, error.Failure);
        Assert.Equal(StateLayer.Local, error.Layer);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        js.Fail(new TaskCanceledException("cancelled by the caller", null, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await storage.GetItemAsync(WebStorageArea.Local, "k", cancelled.Token));
    }

    /// <summary>What a Blazor Server app registers: a per-circuit IJSRuntime (Blazor's own) and AddOvasabiStateForServer().</summary>
    private static ServiceCollection ServerServices()
    {
        var services = new ServiceCollection();
        services.AddScoped<IJSRuntime, CircuitJSRuntime>();
        services.AddOvasabiStateForServer();
        return services;
    }
}
