using System;
using OvasabiState.Sync;
using OvasabiState.Versions;

namespace OvasabiState.Conflicts;

/// <summary>
/// The reconciler's answer for two copies. For <see cref="Outcome.Merged"/> it carries the merged
/// content and member versions; members whose merged value is new (a sum, a union,
/// <see cref="NewValues"/>) take the merged copy's own version once the caller has one (<see cref="ToCopy"/>).
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed record Decision<T>
{
    /// <summary>What was decided.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>Ours (the copy the caller holds).</summary>
    public required Copy<T> Ours { get; init; }

    /// <summary>Theirs (the copy it met).</summary>
    public required Copy<T> Theirs { get; init; }

    /// <summary>The merged value; only for <see cref="Outcome.Merged"/>.</summary>
    public T? Value { get; init; }

    /// <summary>The merge is a tombstone (two deletes, each erasing members the other did not).</summary>
    public bool Deleted { get; init; }

    /// <summary>The merged member versions; only for <see cref="Outcome.Merged"/>.</summary>
    public MemberVersions? MemberVersions { get; init; }

    /// <summary>Members whose merged value neither side wrote (a sum, a union): written by the merge itself.</summary>
    public MemberMask NewValues { get; init; }

    /// <summary>Members changed differently on both sides (empty: merged without a conflict).</summary>
    public MemberMask Conflicts { get; init; }

    /// <summary>For each member in <see cref="Conflicts"/>, in ordinal order: what decided it.</summary>
    public string[] DecidedBy { get; init; } = [];

    /// <summary>An edit met a concurrent delete that did not see some of its writes (kept or not: logged either way).</summary>
    public bool DeleteConflict { get; init; }

    /// <summary>A common base's value was known, so one-sided changes were merged member by member.</summary>
    public bool ThreeWay { get; init; }

    /// <summary>Which side's value was kept: "ours", "theirs", or "merged".</summary>
    public string Winner { get; init; } = "merged";

    /// <summary>True when this decision must be logged as a conflict.</summary>
    public bool IsConflict => DeleteConflict || (Outcome == Outcome.Merged && !Conflicts.IsEmpty);

    /// <summary>The merged copy, with the new <paramref name="version"/>.</summary>
    public Copy<T> ToCopy(StateBinding<T> binding, StateVersion version, string origin, DateTimeOffset writtenAt)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if (Outcome != Outcome.Merged)
        {
            throw new InvalidOperationException($"Only a merge makes a new copy; this decision is {Outcome}.");
        }

        var lineage = StateStamp.Lineage(Ours.Stamp, Theirs.Stamp);
        if (Deleted)
        {
            return new Copy<T>(Ours.Layer, new StateStamp(version, origin, writtenAt, 0, true, lineage, MemberVersions!), default, []);
        }

        var payload = binding.Serialize(Value!);
        var members = MemberVersions!;
        var count = binding.MemberCount;
        var resolved = new StateVersion[count];
        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            resolved[ordinal] = NewValues.Contains(ordinal) ? version : members[ordinal];
        }

        var stamp = new StateStamp(version, origin, writtenAt, StateHash.Of(payload), false, lineage, Versions.MemberVersions.Of(members.Fallback, resolved));
        return new Copy<T>(Ours.Layer, stamp, Value, payload);
    }
}
