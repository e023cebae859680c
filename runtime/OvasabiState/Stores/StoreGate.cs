using System;
using System.Threading;
using System.Threading.Tasks;

namespace OvasabiState.Stores;

/// <summary>
/// The one lock of a store, and the one rule for what follows an operation: every operation runs
/// inside <see cref="EnterAsync"/>, collects its changes in the hold's <see cref="ChangeSet{T}"/>,
/// and when the hold is disposed the gate is released first, then <paramref name="afterExit"/>
/// logs the conflicts, raises the events and schedules the sync mode's follow-up, so handlers
/// may call the store again without deadlock.
/// </summary>
internal sealed class StoreGate<T>(Func<ChangeSet<T>, ValueTask> afterExit) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the gate; dispose the hold to leave it.</summary>
    public async ValueTask<Hold> EnterAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Hold(this, new ChangeSet<T>());
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Holding the gate; disposing releases it, then raises what the operation changed.</summary>
    public readonly struct Hold(StoreGate<T> owner, ChangeSet<T> changes) : IAsyncDisposable
    {
        public ChangeSet<T> Changes => changes;

        public async ValueTask DisposeAsync()
        {
            owner._gate.Release();
            await owner.Exited(changes).ConfigureAwait(false);
        }
    }

    private ValueTask Exited(ChangeSet<T> changes) =>
        changes.Changes.Count == 0 && changes.Conflicts.Count == 0 && !changes.Wrote && !changes.BackFill ? ValueTask.CompletedTask : afterExit(changes);
}
