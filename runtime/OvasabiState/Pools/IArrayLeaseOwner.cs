namespace OvasabiState.Pools;

/// <summary>The pool a <see cref="PooledArray{T}"/> goes back to when disposed.</summary>
internal interface IArrayLeaseOwner<T>
{
    void Return(PooledArray<T> lease, bool clearArray);
}
