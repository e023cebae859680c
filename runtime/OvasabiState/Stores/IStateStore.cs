using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Stores;

/// <summary>
/// The records of one layered type for the current user, across all of its layers. Reads hydrate
/// from the highest layer that has the record; writes land in memory at once and reach the lower
/// layers by the type's <see cref="SyncMode"/>. Safe to call concurrently.
/// </summary>
/// <typeparam name="T">The layered type.</typeparam>
public interface IStateStore<T>
{
    /// <summary>Raised after every change (written here, deleted, arrived from another tab, merged, expired).</summary>
    event EventHandler<StateChange<T>>? Changed;

    /// <summary>The generated binding of <typeparamref name="T"/>.</summary>
    StateBinding<T> Binding { get; }

    /// <summary>
    /// The record with <paramref name="key"/>, or null when no layer has it. For a struct record
    /// type absence reads as <c>default(T)</c>; <see cref="GetAsync(IndexKey, CancellationToken)"/> gives the generated default instead.
    /// </summary>
    ValueTask<T?> FindAsync(IndexKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The records of <paramref name="keys"/> that some layer has, by key; a key no layer has is
    /// not in the result. Keys not in memory are read with one call per layer for all of them
    /// (one IndexedDB transaction), not one per key: the way to read many known keys at once.
    /// </summary>
    ValueTask<IReadOnlyDictionary<IndexKey, T>> FindManyAsync(IEnumerable<IndexKey> keys, CancellationToken cancellationToken = default);

    /// <summary>The record with <paramref name="key"/>, or the type's default value when no layer has it.</summary>
    ValueTask<T> GetAsync(IndexKey key, CancellationToken cancellationToken = default);

    /// <summary>The singleton record of a type without a key (or its default).</summary>
    ValueTask<T> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes a record (its key comes from the value).</summary>
    ValueTask SetAsync(T value, CancellationToken cancellationToken = default);

    /// <summary>Writes several records; they reach each lower layer in one batch.</summary>
    ValueTask SetManyAsync(IEnumerable<T> values, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads, transforms and writes a record as one step (no other write to the store interleaves).
    /// Returns the members that changed.
    /// </summary>
    ValueTask<MemberMask> UpdateAsync(IndexKey key, Func<T, T> update, CancellationToken cancellationToken = default);

    /// <summary>Deletes a record from every layer; false when it did not exist.</summary>
    ValueTask<bool> DeleteAsync(IndexKey key, CancellationToken cancellationToken = default);

    /// <summary>Every record of the store (all layers, reconciled), in key order.</summary>
    ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records whose generated index <paramref name="index"/> (an [Indexed] member or compound
    /// index name) lies in <paramref name="range"/>, in index order.
    /// </summary>
    ValueTask<IReadOnlyList<T>> QueryAsync(string index, KeyRange range, CancellationToken cancellationToken = default);

    /// <summary>Sends pending writes to the lower layers now.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Changes as they happen, until <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<StateChange<T>> WatchAsync(CancellationToken cancellationToken = default);
}
