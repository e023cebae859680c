using System;
using System.Collections.Generic;
using System.Linq;
using OvasabiState.Serialization;
using OvasabiState.Stores;
using OvasabiState.Sync;

namespace OvasabiState;

/// <summary>
/// Everything the runtime does with a layered record type, generated at build time: the
/// serializer, key and index extraction, diff, apply and three-way merge. Get one from
/// <c>T.Binding</c> (<see cref="ILayered{TSelf}"/>) or from <see cref="StateBindingRegistry"/>.
/// </summary>
/// <typeparam name="T">The layered type.</typeparam>
public abstract class StateBinding<T> : IStateBinding, IStoreFactory
{
    [ThreadStatic]
    private static StateBuffer? t_scratch;

    /// <summary>Called by generated bindings.</summary>
    protected StateBinding(string typeName, StoreSchema schema, StateLayer[] layers, SyncMode sync, TimeSpan? retention)
    {
        ArgumentNullException.ThrowIfNull(schema);
        TypeName = typeName;
        Schema = schema;
        Layers = layers;
        Sync = sync;
        Retention = retention;
        MemberNames = schema.Members.Select(m => m.Name).ToArray();
    }

    /// <inheritdoc />
    public Type StateType => typeof(T);

    /// <inheritdoc />
    public string TypeName { get; }

    /// <inheritdoc />
    public StoreSchema Schema { get; }

    /// <inheritdoc />
    public IReadOnlyList<StateLayer> Layers { get; }

    /// <inheritdoc />
    public SyncMode Sync { get; }

    /// <inheritdoc />
    public TimeSpan? Retention { get; }

    /// <inheritdoc />
    public bool HasKey => Schema.KeyPath is not null;

    /// <inheritdoc />
    public IReadOnlyList<string> MemberNames { get; }

    /// <summary>Number of persisted members.</summary>
    public int MemberCount => MemberNames.Count;

    /// <summary>Writes <paramref name="value"/> as a complete payload (header and members).</summary>
    public abstract void Write(ref StateWriter writer, in T value);

    /// <summary>Reads a complete payload.</summary>
    /// <exception cref="StateFormatException">The bytes are not a readable payload of this type.</exception>
    public abstract T Read(ref StateReader reader);

    /// <summary>A new value with every member at its initializer value: what hydration gives when no layer has the record.</summary>
    public abstract T CreateDefault();

    /// <summary>The record's key (<see cref="IndexKey.Singleton"/> for a singleton).</summary>
    public abstract IndexKey GetKey(in T value);

    /// <summary>The value of indexed member <paramref name="ordinal"/> (see <see cref="StoreSchema.IndexedMembers"/>).</summary>
    public abstract IndexKey GetIndexedValue(in T value, int ordinal);

    /// <summary>The members whose values differ between <paramref name="left"/> and <paramref name="right"/>.</summary>
    public abstract MemberMask Diff(in T left, in T right);

    /// <summary>
    /// A copy of <paramref name="target"/> with the members in <paramref name="members"/> taken
    /// from <paramref name="source"/>. <c>Apply(a, b, Diff(a, b))</c> has the content of <c>b</c>.
    /// </summary>
    public abstract T Apply(in T target, in T source, MemberMask members);

    /// <summary>
    /// Three-way merge: members changed on one side take that side's value; members changed
    /// differently on both sides are conflicts, decided by the member's <see cref="MergePolicy"/>.
    /// Transient members keep <paramref name="ours"/>' values.
    /// </summary>
    public abstract MergeResult<T> Merge(in T @base, in T ours, in T theirs, MergeContext context);

    /// <summary>True when the two values have the same persisted content.</summary>
    public bool ContentEquals(in T left, in T right) => Diff(left, right).IsEmpty;

    /// <summary>Appends the payload of <paramref name="value"/> to <paramref name="buffer"/>; allocates nothing once the buffer has grown.</summary>
    public void Serialize(in T value, StateBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var writer = new StateWriter(buffer);
        Write(ref writer, value);
        writer.Flush();
    }

    /// <summary>The payload of <paramref name="value"/> as a new array.</summary>
    public byte[] Serialize(in T value)
    {
        var buffer = Scratch();
        Serialize(value, buffer);
        return buffer.ToArray();
    }

    /// <summary>Reads a payload.</summary>
    /// <exception cref="StateFormatException">The bytes are not a readable payload of this type.</exception>
    public T Deserialize(ReadOnlySpan<byte> payload)
    {
        var reader = new StateReader(payload, TypeName);
        return Read(ref reader);
    }

    /// <summary>A 64-bit content hash (XXH3 of the payload): equal content, equal hash.</summary>
    public ulong ComputeHash(in T value)
    {
        var buffer = Scratch();
        Serialize(value, buffer);
        return StateHash.Of(buffer.WrittenSpan);
    }

    /// <inheritdoc />
    public IndexKey ReadKey(ReadOnlySpan<byte> payload) => HasKey ? GetKey(Deserialize(payload)) : IndexKey.Singleton;

    /// <inheritdoc />
    public object? ReadBoxed(ReadOnlySpan<byte> payload) => Deserialize(payload);

    /// <inheritdoc />
    public override string ToString() => $"{TypeName} ({Schema.Name})";

    IStoreController IStoreFactory.CreateStore(StateRuntime runtime) => new StateStore<T>(runtime, this);

    private static StateBuffer Scratch()
    {
        var buffer = t_scratch ??= new StateBuffer(1024);
        buffer.Reset();
        return buffer;
    }
}
