using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Sync;

namespace OvasabiState.Blazor;

/// <summary>
/// What <c>@inject IStateStore&lt;T&gt;</c> gets: the manager's store of <typeparamref name="T"/>,
/// initializing the manager on first use so components need no start-up code.
/// </summary>
internal sealed class StateStoreService<T>(StateSyncManager manager) : IStateStore<T>
{
    private IStateStore<T> Inner => manager.StoreOf<T>();

    public event EventHandler<StateChange<T>>? Changed
    {
        add => Inner.Changed += value;
        remove => Inner.Changed -= value;
    }

    public StateBinding<T> Binding => Inner.Binding;

    public async ValueTask<T?> FindAsync(IndexKey key, CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.FindAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyDictionary<IndexKey, T>> FindManyAsync(IEnumerable<IndexKey> keys, CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.FindManyAsync(keys, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<T> GetAsync(IndexKey key, CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.GetAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(T value, CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await Inner.SetAsync(value, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetManyAsync(IEnumerable<T> values, CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await Inner.SetManyAsync(values, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<MemberMask> UpdateAsync(IndexKey key, Func<T, T> update, CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.UpdateAsync(key, update, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteAsync(IndexKey key, CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.ListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<T>> QueryAsync(string index, KeyRange range, CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.QueryAsync(index, range, cancellationToken).ConfigureAwait(false);
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await Inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StateChange<T>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await manager.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var change in Inner.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return change;
        }
    }
}
