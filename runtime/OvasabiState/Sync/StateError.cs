using System;
using OvasabiState.Storage;

namespace OvasabiState.Sync;

/// <summary>A layer failed for a record; the data stays in the other layers and pending writes are retried.</summary>
/// <param name="Layer">The layer that failed.</param>
/// <param name="Failure">What went wrong.</param>
/// <param name="Store">The record type's store.</param>
/// <param name="Key">The record key, when the failure concerns one record.</param>
/// <param name="Exception">The typed exception (<see cref="StorageException"/> or <see cref="Serialization.StateFormatException"/>).</param>
public sealed record StateError(StateLayer Layer, StorageFailure Failure, string Store, IndexKey? Key, Exception Exception);
