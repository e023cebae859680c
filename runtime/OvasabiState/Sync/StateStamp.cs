using System;
using System.Collections.Generic;
using System.Linq;
using OvasabiState.Versions;

namespace OvasabiState.Sync;

/// <summary>
/// What every copy of a record carries besides its payload: the version of the write that made
/// it, who wrote it and when, its content hash (an integrity check and an equality shortcut,
/// never an identity), whether it is a tombstone, the versions it descends from, and the version
/// of the write that last set each member.
/// </summary>
/// <param name="Version">The write's version: unique, and greater than the version it was written over.</param>
/// <param name="Origin">The tab (instance) that wrote it.</param>
/// <param name="WrittenAt">The writer's wall clock when it wrote (retention's age; not for ordering).</param>
/// <param name="ContentHash">XXH3 of the payload; 0 for a tombstone.</param>
/// <param name="Deleted">True for a tombstone: the record was deleted by this write.</param>
/// <param name="Ancestors">Versions this copy descends from that reached storage, newest first (at most <see cref="MaxAncestors"/>).</param>
/// <param name="Members">The version that last set each member.</param>
public sealed record StateStamp(
    StateVersion Version,
    string Origin,
    DateTimeOffset WrittenAt,
    ulong ContentHash,
    bool Deleted,
    IReadOnlyList<StateVersion> Ancestors,
    MemberVersions Members)
{
    /// <summary>How many ancestor versions a stamp keeps: enough to recognise a copy a few stored writes behind.</summary>
    public const int MaxAncestors = 8;

    /// <summary>The stamp of a new write of the whole record (a first version, or a copy written over nothing known).</summary>
    public static StateStamp First(StateVersion version, string origin, DateTimeOffset writtenAt, ulong contentHash) =>
        new(version, origin, writtenAt, contentHash, false, [], MemberVersions.Uniform(version));

    /// <summary>True when this copy was derived (in one or more steps) from the write <paramref name="version"/>.</summary>
    public bool DescendsFrom(StateVersion version)
    {
        foreach (var ancestor in Ancestors)
        {
            if (ancestor == version)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when this copy is <paramref name="version"/> or descends from it: the writer knew of that write.</summary>
    public bool Knows(StateVersion version) => Version == version || DescendsFrom(version);

    /// <summary>
    /// The lineage of a write over copies with <paramref name="parents"/> versions and lineages:
    /// every version involved, newest first, at most <see cref="MaxAncestors"/>.
    /// </summary>
    public static IReadOnlyList<StateVersion> Lineage(params StateStamp[] parents)
    {
        var all = new List<StateVersion>(MaxAncestors * 2);
        foreach (var parent in parents)
        {
            all.Add(parent.Version);
            all.AddRange(parent.Ancestors);
        }

        return all.Where(v => !v.IsNone).Distinct().OrderByDescending(v => v).Take(MaxAncestors).ToArray();
    }

    /// <inheritdoc />
    public bool Equals(StateStamp? other) =>
        other is not null && Version == other.Version && Origin == other.Origin && WrittenAt == other.WrittenAt &&
        ContentHash == other.ContentHash && Deleted == other.Deleted && Ancestors.SequenceEqual(other.Ancestors) &&
        Members.Equals(other.Members);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Version, ContentHash, Deleted);
}
