using System;
using System.Collections.Generic;
using System.Linq;

namespace OvasabiState.Sync;

/// <summary>
/// What every persisted copy of a record carries besides its payload: a version counter, who
/// wrote it (layer and tab), its content hash, when, and the hashes of the copies it was derived
/// from. Comparing stamps tells "in sync", "one descends from the other" and "conflict" apart.
/// </summary>
/// <param name="Version">Incremented on every write of the record.</param>
/// <param name="OriginLayer">The layer the write entered through (Memory for app writes).</param>
/// <param name="Origin">The tab (instance) that wrote it.</param>
/// <param name="ContentHash">XXH3 of the payload.</param>
/// <param name="Timestamp">When it was written.</param>
/// <param name="Ancestors">Content hashes of earlier versions, newest first (at most <see cref="MaxAncestors"/>).</param>
public sealed record StateStamp(long Version, StateLayer OriginLayer, string Origin, ulong ContentHash, DateTimeOffset Timestamp, IReadOnlyList<ulong> Ancestors)
{
    /// <summary>How many ancestor hashes a stamp keeps: enough to recognise a copy a few flushes behind.</summary>
    public const int MaxAncestors = 8;

    /// <summary>The stamp of a new version derived from this one.</summary>
    public StateStamp Next(ulong contentHash, string origin, DateTimeOffset timestamp) =>
        contentHash == ContentHash
            ? this
            : new(Version + 1, StateLayer.Memory, origin, contentHash, timestamp, new[] { ContentHash }.Concat(Ancestors).Take(MaxAncestors).ToArray());

    /// <summary>The stamp of a record's first version.</summary>
    public static StateStamp First(ulong contentHash, string origin, DateTimeOffset timestamp) =>
        new(1, StateLayer.Memory, origin, contentHash, timestamp, []);

    /// <summary>True when this copy was derived (in one or more steps) from a copy with <paramref name="other"/>'s content.</summary>
    public bool DescendsFrom(StateStamp other) => Ancestors.Contains(other.ContentHash);

    /// <summary>How two copies of a record relate.</summary>
    public StampRelation Compare(StateStamp other) =>
        ContentHash == other.ContentHash ? StampRelation.Same
        : DescendsFrom(other) ? StampRelation.Newer
        : other.DescendsFrom(this) ? StampRelation.Older
        : StampRelation.Diverged;

    /// <summary>The newest content hash both copies share in their history, or null.</summary>
    public ulong? CommonAncestor(StateStamp other)
    {
        var theirs = new HashSet<ulong>(other.Ancestors) { other.ContentHash };
        foreach (var hash in new[] { ContentHash }.Concat(Ancestors))
        {
            if (theirs.Contains(hash))
            {
                return hash;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public bool Equals(StateStamp? other) =>
        other is not null && Version == other.Version && OriginLayer == other.OriginLayer && Origin == other.Origin &&
        ContentHash == other.ContentHash && Timestamp == other.Timestamp && Ancestors.SequenceEqual(other.Ancestors);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Version, ContentHash, Origin);
}

/// <summary>How one copy of a record relates to another.</summary>
public enum StampRelation
{
    /// <summary>Same content.</summary>
    Same = 0,

    /// <summary>This copy descends from the other: fast-forward the other.</summary>
    Newer = 1,

    /// <summary>The other copy descends from this one: fast-forward this one.</summary>
    Older = 2,

    /// <summary>Both changed since their last common version: a conflict.</summary>
    Diverged = 3,
}
