using System;

namespace OvasabiState.Pools;

/// <summary>
/// A lease on a pooled array: use <see cref="Span"/> (exactly the length asked for) and dispose
/// the lease, or pass it to the pool's <c>Return</c>, when done. A struct, so renting allocates
/// nothing; copies share the lease, and only the first return of any copy counts.
/// Do not touch the array after returning it: it may already belong to someone else.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct PooledArray<T> : IDisposable, IEquatable<PooledArray<T>>
{
    private readonly IArrayLeaseOwner<T>? _owner;
    private readonly T[]? _array;

    internal PooledArray(IArrayLeaseOwner<T> owner, T[] array, int length, int version)
    {
        _owner = owner;
        _array = array;
        Length = length;
        Version = version;
    }

    /// <summary>The rented array. It may be longer than <see cref="Length"/>; elements past it are unspecified.</summary>
    public T[] Array => _array ?? [];

    /// <summary>The length asked for when renting.</summary>
    public int Length { get; }

    /// <summary>The first <see cref="Length"/> elements of the array.</summary>
    public Span<T> Span => new(_array, 0, Length);

    /// <summary>The first <see cref="Length"/> elements of the array, as memory.</summary>
    public Memory<T> Memory => new(_array, 0, Length);

    /// <summary>True for <c>default</c>: a lease that came from no pool (returning it does nothing).</summary>
    public bool IsDefault => _owner is null;

    internal IArrayLeaseOwner<T>? Owner => _owner;

    internal int Version { get; }

    /// <summary>Returns the array to its pool without clearing it; a second return is ignored.</summary>
    public void Dispose() => _owner?.Return(this, clearArray: false);

    /// <summary>True when both are the same lease of the same array.</summary>
    public bool Equals(PooledArray<T> other) =>
        ReferenceEquals(_array, other._array) && Version == other.Version && Length == other.Length;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PooledArray<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_array, Version, Length);

    /// <summary>True when both are the same lease of the same array.</summary>
    public static bool operator ==(PooledArray<T> left, PooledArray<T> right) => left.Equals(right);

    /// <summary>True when the leases differ.</summary>
    public static bool operator !=(PooledArray<T> left, PooledArray<T> right) => !left.Equals(right);
}
