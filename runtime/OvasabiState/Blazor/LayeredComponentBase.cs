using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Components;
using OvasabiState.Stores;

namespace OvasabiState.Blazor;

/// <summary>
/// A component base that re-renders when the records it shows change, in this tab or another:
/// call <see cref="Observe{T}"/> for each store (optionally one key) in <c>OnInitialized</c>.
/// This is the role the seed's Zustand store subscriptions played.
/// </summary>
/// <remarks>
/// <para>
/// Load state in <see cref="OnStateReadyAsync"/>: it runs in every render mode at the moment the
/// stores can reach the browser. In WebAssembly that is at once. On a server (interactive server
/// render mode, or the server side of Auto) the state lives in the user's browser, which a
/// prerendered page does not have yet: <see cref="OnStateReadyAsync"/> is skipped while the page
/// is prerendered (<see cref="IsStateAvailable"/> is false there, so render a placeholder) and
/// runs when the interactive circuit renders the component.
/// </para>
/// <para>
/// If you override <see cref="OnInitializedAsync"/>, call <c>base.OnInitializedAsync()</c>.
/// </para>
/// </remarks>
public abstract class LayeredComponentBase : ComponentBase, IDisposable
{
    private readonly List<Action> _unsubscribe = new();

    /// <summary>
    /// True where the stores can reach the browser: an interactive render (WebAssembly, or a
    /// server circuit). False while the page is prerendered on the server, where a store read
    /// finds no browser and answers as if every layer were unavailable.
    /// </summary>
    protected bool IsStateAvailable => RendererInfo.IsInteractive;

    /// <summary>True once <see cref="OnStateReadyAsync"/> has completed (never while prerendering).</summary>
    protected bool IsStateReady { get; private set; }

    /// <summary>
    /// Load the state this component shows. Called once per component, from
    /// <see cref="OnInitializedAsync"/>, only where <see cref="IsStateAvailable"/>: never during
    /// server prerendering. The component renders again when it completes.
    /// </summary>
    protected virtual Task OnStateReadyAsync() => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>Runs <see cref="OnStateReadyAsync"/> when the stores can reach the browser.</remarks>
    protected override async Task OnInitializedAsync()
    {
        if (IsStateAvailable)
        {
            await OnStateReadyAsync().ConfigureAwait(true); // back on the renderer's context: the render follows
            IsStateReady = true;
        }
    }

    /// <summary>Re-renders this component whenever <paramref name="store"/> changes (only for <paramref name="key"/>, when given).</summary>
    protected void Observe<T>(IStateStore<T> store, IndexKey? key = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        void OnChanged(object? sender, StateChange<T> change)
        {
            if (key is null || change.Key == key.Value)
            {
                // Changes come from flushes and other tabs on any thread: render on the component's own.
                _ = InvokeAsync(StateHasChanged);
            }
        }

        store.Changed += OnChanged;
        _unsubscribe.Add(() => store.Changed -= OnChanged);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops observing; override to release more, and call the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var unsubscribe in _unsubscribe)
            {
                unsubscribe();
            }

            _unsubscribe.Clear();
        }
    }
}
