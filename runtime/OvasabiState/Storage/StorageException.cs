using System;

namespace OvasabiState.Storage;

/// <summary>
/// A storage layer could not do what was asked. The runtime catches it, records it in the
/// layer's status, raises an event, and keeps the data in the other layers: nothing is dropped.
/// </summary>
public sealed class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(StateLayer layer, StorageFailure failure, string detail, Exception? innerException = null)
        : base($"{layer} storage failed ({failure}): {detail}", innerException)
    {
        Layer = layer;
        Failure = failure;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StorageException()
        : this(StateLayer.Memory, StorageFailure.Failed, "unknown failure")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The layer that failed.</summary>
    public StateLayer Layer { get; }

    /// <summary>What went wrong.</summary>
    public StorageFailure Failure { get; }
}
