using System.Collections.Generic;

namespace OvasabiState;

/// <summary>
/// The IndexedDB object store of a layered record type: what the browser layer creates or
/// upgrades. Stored objects carry the key and every indexed member as plain properties named
/// after the members, beside the binary payload.
/// </summary>
/// <param name="name">The object store name.</param>
/// <param name="keyPath">The key member's name; null for a singleton record (one value per user).</param>
/// <param name="version">The record's schema version.</param>
/// <param name="hash">A stable hash of the store's shape (name, key, indexes, members and their types); it changes exactly when an upgrade is needed.</param>
/// <param name="indexes">The store's indexes.</param>
/// <param name="indexedMembers">Every member used by an index, in declaration order; the ordinals of <see cref="StateBinding{T}.GetIndexedValue"/>.</param>
/// <param name="members">The persisted members in declaration (and payload) order.</param>
public sealed class StoreSchema(
    string name,
    string? keyPath,
    int version,
    string hash,
    IReadOnlyList<IndexSchema> indexes,
    IReadOnlyList<string> indexedMembers,
    IReadOnlyList<StateMemberInfo> members)
{
    /// <summary>The object store name.</summary>
    public string Name { get; } = name;

    /// <summary>The key member's name; null for a singleton record.</summary>
    public string? KeyPath { get; } = keyPath;

    /// <summary>The record's schema version.</summary>
    public int Version { get; } = version;

    /// <summary>A stable hash of the store's shape.</summary>
    public string Hash { get; } = hash;

    /// <summary>The store's indexes.</summary>
    public IReadOnlyList<IndexSchema> Indexes { get; } = indexes;

    /// <summary>Every member used by an index, in declaration order.</summary>
    public IReadOnlyList<string> IndexedMembers { get; } = indexedMembers;

    /// <summary>The persisted members in payload order.</summary>
    public IReadOnlyList<StateMemberInfo> Members { get; } = members;
}
