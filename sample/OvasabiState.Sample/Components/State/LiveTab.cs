using Microsoft.AspNetCore.Components;
using OvasabiState.Sync;

namespace OvasabiState.Sample.Components.State;

/// <summary>
/// A tab that shows live data: it refreshes when the state system reports a change, at most once
/// per <see cref="Interval"/> (reading every layer on each change would cost more than the change),
/// and on every tick when <see cref="RefreshEveryTick"/> is set.
/// </summary>
public abstract class LiveTab : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private bool _dirty = true;

    [Inject] protected StateSyncManager Manager { get; set; } = default!;

    /// <summary>Set once the first refresh is done (tests wait for it).</summary>
    protected bool Loaded { get; private set; }

    /// <summary>The last refresh's error, shown instead of stale data going silent.</summary>
    protected string? RefreshError { get; private set; }

    protected virtual TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected virtual bool RefreshEveryTick => false;

    protected abstract Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>Asks for a refresh on the next tick.</summary>
    protected void Invalidate() => _dirty = true;

    protected override async Task OnInitializedAsync()
    {
        await Manager.InitializeAsync();
        Manager.StatusChanged += OnChanged;
        Manager.StateChanged += OnChanged;
        Manager.ConflictDetected += OnChanged;
        await RefreshNowAsync();
        _ = TickAsync();
    }

    /// <summary>Refreshes at once (after a button did something).</summary>
    protected async Task RefreshNowAsync()
    {
        _dirty = false;
        try
        {
            await RefreshAsync(_stop.Token);
            RefreshError = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            RefreshError = exception.Message;
        }

        Loaded = true;
        StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        Manager.StatusChanged -= OnChanged;
        Manager.StateChanged -= OnChanged;
        Manager.ConflictDetected -= OnChanged;
        await _stop.CancelAsync();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private void OnChanged(object? sender, EventArgs e) => _dirty = true;

    private void OnChanged(object? sender, StoreChange e) => _dirty = true;

    private void OnChanged(object? sender, ConflictRecord e) => _dirty = true;

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (_dirty || RefreshEveryTick)
                {
                    await InvokeAsync(RefreshNowAsync);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
