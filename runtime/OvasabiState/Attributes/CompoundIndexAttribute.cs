using System;

namespace OvasabiState;

/// <summary>An IndexedDB index over several members, in the order given (for example type, then time).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = true)]
public sealed class CompoundIndexAttribute : Attribute
{
    /// <summary>Creates a compound index named <paramref name="name"/> over <paramref name="members"/>.</summary>
    /// <param name="name">The index name, unique within the store.</param>
    /// <param name="members">Two or more member names, most significant first (use <c>nameof</c>).</param>
    public CompoundIndexAttribute(string name, params string[] members)
    {
        Name = name;
        Members = members;
    }

    /// <summary>The index name.</summary>
    public string Name { get; }

    /// <summary>The member names, most significant first.</summary>
    public string[] Members { get; }

    /// <summary>No two records may share the same combination of values.</summary>
    public bool Unique { get; set; }
}
