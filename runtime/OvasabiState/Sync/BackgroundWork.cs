using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OvasabiState.Sync;

/// <summary>
/// The runtime's timers and fire-and-forget work, so disposing stops every timer and waits for
/// work in flight: a delayed flush must never fire into a disposed store. Failures of background
/// work go to <paramref name="report"/>, never to the app's thread.
/// </summary>
internal sealed class BackgroundWork(TimeProvider time, Action<Exception> report)
{
    private readonly object _gate = new();
    private readonly HashSet<ITimer> _timers = new();
    private readonly HashSet<Task> _running = new();
    private bool _stopped;

    /// <summary>True once <see cref="StopAsync"/> has run: nothing new starts.</summary>
    public bool Stopped
    {
        get
        {
            lock (_gate)
            {
                return _stopped;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> once after <paramref name="delay"/>; returns false when stopped.</summary>
    public bool After(TimeSpan delay, Func<Task> work)
    {
        ITimer? timer = null;
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            timer = time.CreateTimer(_ =>
            {
                lock (_gate)
                {
                    _timers.Remove(timer!);
                }

                timer!.Dispose();
                Run(work);
            }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
        }

        // Started outside the lock: a fake clock runs a due callback inside Change.
        timer.Change(delay, Timeout.InfiniteTimeSpan);
        return true;
    }

    /// <summary>Runs <paramref name="work"/> every <paramref name="period"/> until stopped.</summary>
    public void Every(TimeSpan period, Func<Task> work)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _timers.Add(time.CreateTimer(_ => Run(work), null, period, period));
        }
    }

    /// <summary>Runs <paramref name="work"/> now, in the background (no-op when stopped).</summary>
    public void Run(Func<Task> work)
    {
        Task task;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            task = RunCoreAsync(work);
            if (task.IsCompleted)
            {
                return;
            }

            _running.Add(task);
        }

        task.ContinueWith(done =>
        {
            lock (_gate)
            {
                _running.Remove(done);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Stops every timer, refuses new work, and waits for the work in flight.</summary>
    public async Task StopAsync()
    {
        Task[] running;
        lock (_gate)
        {
            _stopped = true;
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
            running = [.. _running];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunCoreAsync(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            report(exception);
        }
    }
}
