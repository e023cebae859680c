using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.JSInterop;

namespace OvasabiState.Tests.Blazor;

/// <summary>
/// A Blazor Server circuit's <see cref="IJSRuntime"/> as OvasabiState's module sees it, without a
/// browser: an empty origin that accepts every write while connected. <see cref="Prerendering"/>
/// makes every call fail as a prerendered page's runtime does (<see cref="InvalidOperationException"/>),
/// and <see cref="Disconnect"/> as a closed circuit's does (<see cref="JSDisconnectedException"/>).
/// </summary>
internal sealed class CircuitJSRuntime : IJSRuntime
{
    // An empty record frame (ovasabi-frame.js): version 2, write counter 0 (a double), no index names, no records.
    private static readonly byte[] NoRecords = [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private volatile Exception? _failure;

    /// <summary>True to act as the runtime of a page being prerendered: there is no browser yet.</summary>
    public bool Prerendering { get; init; }

    /// <summary>Module calls made while connected, by name (what reached the "browser").</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Whether the module reference was disposed (the storage's own disposal).</summary>
    public bool ModuleDisposed { get; private set; }

    /// <summary>From now on every call fails as on a circuit whose browser has gone.</summary>
    public void Disconnect() => Fail(new JSDisconnectedException("JavaScript interop calls cannot be issued at this time. This is because the circuit has disconnected and is being disposed."));

    /// <summary>From now on every module call fails with <paramref name="failure"/>.</summary>
    public void Fail(Exception failure) => _failure = failure;

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
        InvokeAsync<TValue>(identifier, CancellationToken.None, args);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args)
    {
        if (Prerendering)
        {
            return ValueTask.FromException<TValue>(new InvalidOperationException("JavaScript interop calls cannot be issued at this time. This is because the component is being statically rendered."));
        }

        return identifier == "import" ? Answer<TValue>(new Module(this)) : throw new InvalidOperationException("only import is expected on the runtime, not " + identifier);
    }

    private ValueTask<TValue> Call<TValue>(string identifier)
    {
        if (_failure is { } failure)
        {
            return ValueTask.FromException<TValue>(failure);
        }

        Calls.Enqueue(identifier);
        return identifier switch
        {
            "subscribe" => Answer<TValue>(1),
            "isOnline" or "isStorageAvailable" => Answer<TValue>(true),
            "openDatabase" => Answer<TValue>(false),
            "getItem" => Answer<TValue>(null),
            "getKeys" => Answer<TValue>(Array.Empty<string>()),
            "getRecordFramed" or "getRecordsFramed" or "queryRecordsFramed" => Answer<TValue>(NoRecords),
            "mutateRecordsFramed" => Answer<TValue>(NoRecords), // every write applied: no conflicts
            "mutateItems" => Answer<TValue>("""{"c":[],"r":[]}"""),
            "liveTabs" => Answer<TValue>("[]"),
            _ => Answer<TValue>(null), // holdTab, writeItems, broadcast, unsubscribe: void
        };
    }

    private static ValueTask<TValue> Answer<TValue>(object? value) => ValueTask.FromResult((TValue)value!);

    private sealed class Module(CircuitJSRuntime runtime) : IJSObjectReference
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => runtime.Call<TValue>(identifier);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => runtime.Call<TValue>(identifier);

        public ValueTask DisposeAsync()
        {
            runtime.ModuleDisposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
