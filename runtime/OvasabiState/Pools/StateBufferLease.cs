using System;
using OvasabiState.Serialization;

namespace OvasabiState.Pools;

/// <summary>
/// A lease on a pooled <see cref="StateBuffer"/>: write into <see cref="Buffer"/> and dispose the
/// lease, or pass it to <see cref="StateBufferPool.Return"/>, when done. A struct, so renting
/// allocates nothing; copies share the lease, and only the first return of any copy counts.
/// Do not dispose the buffer itself, and do not use it after returning the lease.
/// </summary>
public readonly struct StateBufferLease : IDisposable, IEquatable<StateBufferLease>
{
    private readonly StateBufferPool? _pool;
    private readonly StateBuffer? _buffer;

    internal StateBufferLease(StateBufferPool pool, StateBuffer buffer, int version)
    {
        _pool = pool;
        _buffer = buffer;
        Version = version;
    }

    /// <summary>The rented buffer, empty (reset) when rented.</summary>
    /// <exception cref="InvalidOperationException">The lease is <c>default</c>.</exception>
    public StateBuffer Buffer => _buffer ?? throw new InvalidOperationException("This lease is default: it holds no buffer. Rent one from a StateBufferPool.");

    /// <summary>True for <c>default</c>: a lease that came from no pool (returning it does nothing).</summary>
    public bool IsDefault => _pool is null;

    internal StateBufferPool? Pool => _pool;

    internal StateBuffer? RawBuffer => _buffer;

    internal int Version { get; }

    /// <summary>Returns the buffer to its pool; a second return is ignored.</summary>
    public void Dispose() => _pool?.Return(this);

    /// <summary>True when both are the same lease of the same buffer.</summary>
    public bool Equals(StateBufferLease other) => ReferenceEquals(_buffer, other._buffer) && Version == other.Version;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StateBufferLease other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_buffer, Version);

    /// <summary>True when both are the same lease of the same buffer.</summary>
    public static bool operator ==(StateBufferLease left, StateBufferLease right) => left.Equals(right);

    /// <summary>True when the leases differ.</summary>
    public static bool operator !=(StateBufferLease left, StateBufferLease right) => !left.Equals(right);
}
