using System;

namespace OvasabiState;

/// <summary>
/// Creates an IndexedDB index over the member, so stores can be queried by it (equality and
/// range). The member must be of a type IndexedDB can index: numbers, strings, dates, GUIDs,
/// enums, or (with <see cref="MultiEntry"/>) arrays and lists of those.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class IndexedAttribute : Attribute
{
    /// <summary>No two records may share a value of this index.</summary>
    public bool Unique { get; set; }

    /// <summary>For collection members: each element is indexed on its own.</summary>
    public bool MultiEntry { get; set; }

    /// <summary>The index name. Left out: the member name.</summary>
    public string? Name { get; set; }
}
