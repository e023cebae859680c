using System;
using System.Collections.Generic;
using System.Linq;
using OvasabiState.Conflicts;
using OvasabiState.Layers;
using OvasabiState.Serialization;
using OvasabiState.Storage;
using OvasabiState.Sync;
using OvasabiState.Versions;

namespace OvasabiState.Stores;

/// <summary>
/// What the parts of one store share: the binding, the runtime, the record's lower layers in
/// priority order (a layer's position here is its index in every entry's
/// <see cref="MemoryEntry{T}.Synced"/>), the memory table, and decoding and encoding copies.
/// </summary>
internal sealed class StoreCore<T>
{
    private readonly int[][] _indexPaths;
    private readonly string[] _indexNames;

    public StoreCore(StateRuntime runtime, StateBinding<T> binding)
    {
        Runtime = runtime;
        Binding = binding;
        Lower = binding.Layers.Where(l => l != StateLayer.Memory).ToArray();
        Memory = new MemoryTable<T>(Lower.Length);
        var ordinals = binding.Schema.IndexedMembers.Select((member, ordinal) => (member, ordinal)).ToDictionary(p => p.member, p => p.ordinal);
        _indexPaths = binding.Schema.Indexes.Select(index => index.KeyPath.Select(member => ordinals[member]).ToArray()).ToArray();
        _indexNames = binding.Schema.Indexes.Select(index => index.Name).ToArray();
    }

    public StateRuntime Runtime { get; }

    public StateBinding<T> Binding { get; }

    /// <summary>The record's layers below memory, in priority order.</summary>
    public StateLayer[] Lower { get; }

    public MemoryTable<T> Memory { get; }

    /// <summary>True for the conflict log's own store: its conflicts are not logged, and its entries are written whole.</summary>
    public bool IsConflictLog => Store == Sync.ConflictRecord.OvasabiStateBinding.Instance.Schema.Name;

    /// <summary>Keys whose entries wait for the conflict log to be kept (<see cref="MemoryEntry{T}.AwaitsLog"/>).</summary>
    public HashSet<IndexKey> AwaitingLog { get; } = new();

    public string Store => Binding.Schema.Name;

    /// <summary>The position of <paramref name="layer"/> among <see cref="Lower"/>, or -1.</summary>
    public int PositionOf(StateLayer layer) => Array.IndexOf(Lower, layer);

    /// <summary>True when the layer at <paramref name="position"/> can be used now.</summary>
    public bool Available(int position) => Runtime.Health[Lower[position]].Available;

    /// <summary>The key <paramref name="value"/> is stored under (the singleton key for a type without one).</summary>
    public IndexKey KeyOf(T value) => Binding.HasKey ? Binding.GetKey(value) : IndexKey.Singleton;

    /// <summary>Nothing known of any layer.</summary>
    public LayerSync[] UnknownSync() => new LayerSync[Lower.Length];

    /// <summary>
    /// Decodes a stored entry found under <paramref name="key"/>; a corrupt one, or one whose value
    /// names another key, is reported (typed error in status and events) and null is returned.
    /// </summary>
    public Copy<T>? Decode(StateLayer layer, byte[] bytes, IndexKey? key)
    {
        try
        {
            var entry = StoredEntry.Decode(bytes, Binding.TypeName);
            Runtime.Clock.Observe(entry.Stamp.Version); // a write over this copy, a tombstone too, must be a greater version
            if (entry.Stamp.Deleted)
            {
                return new Copy<T>(layer, entry.Stamp, default, []);
            }

            var value = Binding.Deserialize(entry.Payload);
            if (key is { } stored && Binding.HasKey && Binding.GetKey(value) != stored)
            {
                throw new StateFormatException(Binding.TypeName, 0, StateFormatError.InvalidValue, $"the copy stored under key {stored} holds the record {Binding.GetKey(value)}");
            }

            return new Copy<T>(layer, entry.Stamp, value, entry.Payload);
        }
        catch (StateFormatException exception)
        {
            Runtime.Report(layer, exception, Store, key);
            return null;
        }
    }

    /// <summary>The token a layer stores beside <paramref name="copy"/>: what the read returned, else the copy's version.</summary>
    public static string TokenOf(Copy<T> copy, string? stored) => stored ?? copy.Version.Token;

    /// <summary>The encoded stored entry of the entry's current copy (encoded once per version).</summary>
    public static byte[] Encode(MemoryEntry<T> entry)
    {
        if (entry.Encoded is { } encoded && entry.EncodedVersion == entry.Current.Version)
        {
            return encoded;
        }

        var copy = entry.Current;
        var bytes = new StoredEntry(copy.Stamp, copy.Payload).Encode();
        entry.Encoded = bytes;
        entry.EncodedVersion = copy.Version;
        return bytes;
    }

    /// <summary>The values of every index for <paramref name="value"/>: one array per record, the names shared by all.</summary>
    /// <remarks>Plain loops, no LINQ, no name lookups: it runs per record of every flush, on the interpreter.</remarks>
    public IndexValueList IndexValues(T value)
    {
        var values = new IndexKey[_indexNames.Length];
        for (var position = 0; position < values.Length; position++)
        {
            values[position] = IndexValue(position, value);
        }

        return new IndexValueList(_indexNames, values);
    }

    /// <summary>No index values (a tombstone is in no index).</summary>
    public static IndexValueList NoIndexValues() => new([], []);

    /// <summary>The value of the schema's index at <paramref name="position"/> for <paramref name="value"/> (an array for a compound index).</summary>
    public IndexKey IndexValue(int position, T value)
    {
        var path = _indexPaths[position];
        if (path.Length == 1)
        {
            return Binding.GetIndexedValue(value, path[0]);
        }

        var parts = new IndexKey[path.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Binding.GetIndexedValue(value, path[i]);
            if (parts[i].Kind == IndexKeyKind.None)
            {
                return IndexKey.None;
            }
        }

        return IndexKey.Array(parts);
    }

    /// <summary>Reports a layer failure for the store (status and events).</summary>
    public void Report(StateLayer layer, Exception exception, IndexKey? key) => Runtime.Report(layer, exception, Store, key);

    /// <summary>A new write's stamp over <paramref name="entry"/>'s copy (or over nothing): the payload's, or a tombstone's when <paramref name="deleted"/>.</summary>
    public StateStamp StampOver(MemoryEntry<T>? entry, byte[] payload, MemberMask changed, bool deleted)
    {
        var current = entry?.Current;
        if (current is not null)
        {
            Runtime.Clock.Observe(current.Version); // however the copy came to memory, a write over it is later
        }

        var version = Runtime.Clock.Next();
        // Only versions that left memory are ancestors: one that never did cannot be held by anyone
        // else, and a burst of writes between flushes would push shared versions out of the lineage.
        IReadOnlyList<StateVersion> lineage = current is null ? []
            : entry!.IsShared(current.Version) ? StateStamp.Lineage(current.Stamp)
            : current.Stamp.Ancestors;
        // A tombstone erases each member right after the write of it the delete saw, and a record
        // written again over a tombstone keeps those erasures for the members it did not set.
        var members = current is null ? MemberVersions.Uniform(StateVersion.None).With(changed, version, Binding.MemberCount)
            : deleted ? current.Stamp.Members.Erased()
            : current.Stamp.Members.With(changed, version, Binding.MemberCount);
        return new StateStamp(version, Runtime.Clock.Origin, Runtime.Now, deleted ? 0 : StateHash.Of(payload), deleted, lineage, members);
    }
}
