using System.Collections.Generic;

namespace OvasabiState;

/// <summary>An IndexedDB index of a store, as the generator derived it from the record's attributes.</summary>
/// <param name="name">Index name, unique within the store.</param>
/// <param name="keyPath">The member (or, for a compound index, members) indexed, most significant first.</param>
/// <param name="unique">No two records may share a value.</param>
/// <param name="multiEntry">Each element of a collection member is indexed on its own.</param>
public sealed class IndexSchema(string name, IReadOnlyList<string> keyPath, bool unique, bool multiEntry)
{
    /// <summary>Index name, unique within the store.</summary>
    public string Name { get; } = name;

    /// <summary>The member (or members) indexed, most significant first.</summary>
    public IReadOnlyList<string> KeyPath { get; } = keyPath;

    /// <summary>No two records may share a value.</summary>
    public bool Unique { get; } = unique;

    /// <summary>Each element of a collection member is indexed on its own.</summary>
    public bool MultiEntry { get; } = multiEntry;

    /// <summary>True for an index over more than one member.</summary>
    public bool IsCompound => KeyPath.Count > 1;
}
