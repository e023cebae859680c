using System;
using OvasabiState.Storage;

namespace OvasabiState.Sync;

/// <summary>The mutable health of one layer (availability, last success, last failure); thread-safe.</summary>
internal sealed class LayerHealth(StateLayer layer)
{
    private readonly object _gate = new();
    private bool _available = true;
    private DateTimeOffset? _lastSync;
    private StorageFailure? _lastFailure;
    private string? _lastError;

    public StateLayer Layer => layer;

    public bool Available
    {
        get
        {
            lock (_gate)
            {
                return _available;
            }
        }
    }

    public void SetAvailable(bool available)
    {
        lock (_gate)
        {
            _available = available;
            if (!available)
            {
                _lastFailure = StorageFailure.Unavailable;
                _lastError ??= $"{layer} storage is not available; running from the other layers";
            }
        }
    }

    public void Succeeded(DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastSync = at;
            _lastFailure = null;
            _lastError = null;
        }
    }

    public void Failed(StorageFailure failure, string message)
    {
        lock (_gate)
        {
            _lastFailure = failure;
            _lastError = message;
            if (failure == StorageFailure.Unavailable)
            {
                _available = false;
            }
        }
    }

    public (bool Available, DateTimeOffset? LastSync, StorageFailure? Failure, string? Error) Snapshot()
    {
        lock (_gate)
        {
            return (_available, _lastSync, _lastFailure, _lastError);
        }
    }
}
