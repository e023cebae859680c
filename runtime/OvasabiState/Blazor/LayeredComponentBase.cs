using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Components;
using OvasabiState.Stores;

namespace OvasabiState.Blazor;

/// <summary>
/// A component base that re-renders when the records it shows change, in this tab or another:
/// call <see cref="Observe{T}"/> for each store (optionally one key) in <c>OnInitialized</c>.
/// This is the role the seed's Zustand store subscriptions played.
/// </summary>
public abstract class LayeredComponentBase : ComponentBase, IDisposable
{
    private readonly List<Action> _unsubscribe = new();

    /// <summary>Re-renders this component whenever <paramref name="store"/> changes (only for <paramref name="key"/>, when given).</summary>
    protected void Observe<T>(IStateStore<T> store, IndexKey? key = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        void OnChanged(object? sender, StateChange<T> change)
        {
            if (key is null || change.Key == key.Value)
            {
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
