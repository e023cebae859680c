using System;
using OvasabiState.Sync;
using OvasabiState.Versions;

namespace OvasabiState.Conflicts;

/// <summary>
/// Where conflicts are decided: two copies of a record and what is known of their history in,
/// a <see cref="Decision{T}"/> out. Pure and synchronous (no I/O, no clock), so every case is
/// tested with data alone, and every tab that meets the same two copies decides the same.
/// <list type="number">
/// <item>The same version: the same copy.</item>
/// <item>One copy descends from the other (the base the layer was known to hold is the other
/// copy, or the other's version is in its lineage): keep the newer one.</item>
/// <item>Equal content under different versions: nothing to merge; the greater version is kept,
/// or, when the same values were set by different writes, a copy with each member's latest write.</item>
/// <item>An edit against a concurrent delete: the record stays with the member writes later than
/// the write of the member the delete saw and erased; the other members are deleted (back to
/// their defaults); with no such write the delete stands. Two deletes keep each member's later
/// erasure. A kept record is a new version that descends from the tombstone, and the
/// conflict is logged with both sides (the edited copy whole).</item>
/// <item>Both changed since a base whose value is known (the copy a layer held before, or the
/// newest version in both lineages): the generated three-way merge takes one-sided changes, and
/// decides members changed on both sides by their <see cref="MergePolicy"/>.</item>
/// <item>Both changed and no base is known: each differing member goes to the side that knew of
/// the other's write of it, else to its later write ("LatestWrite"; a sum or a union needs a base).</item>
/// </list>
/// Where a policy picks a side (<see cref="MergePolicy.LayerPriority"/>, <see cref="MergePolicy.Newest"/>,
/// the order of a <see cref="MergePolicy.Union"/>), the member's later write wins: every member
/// carries the version of the write that set it, so this is that member's own last write, and
/// every tab reaches the same value whatever order the copies met in (two writes at the same
/// instant are ordered by writer id). Deciding by the layer a copy was read from let a layer that
/// fell behind, or an older copy read first, undo later writes, and made the outcome depend on
/// whether two copies met at hydration or between tabs.
/// </summary>
internal static partial class Reconciler
{
    /// <summary>Decides between <paramref name="ours"/> and <paramref name="theirs"/>.</summary>
    /// <param name="binding">The record type's generated binding.</param>
    /// <param name="ours">The copy the caller holds.</param>
    /// <param name="theirs">The copy it met.</param>
    /// <param name="layerBase">
    /// What the layer <paramref name="theirs"/> came from was known to hold before (every write to a
    /// layer is compare-and-set, so the layer's copy descends from it); null when unknown.
    /// </param>
    /// <param name="known">The copy of a version whose value the caller still holds, or null.</param>
    public static Decision<T> Decide<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs, KnownVersion<T>? layerBase, Func<StateVersion, Copy<T>?> known)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        ArgumentNullException.ThrowIfNull(known);
        if (ours.Version == theirs.Version)
        {
            return Keep(Outcome.Same, ours, theirs);
        }

        if (layerBase is { IsAbsent: false } && layerBase.Version == theirs.Version || ours.Stamp.DescendsFrom(theirs.Version))
        {
            return Keep(Outcome.Ours, ours, theirs);
        }

        if (layerBase is { IsAbsent: false } && layerBase.Version == ours.Version || theirs.Stamp.DescendsFrom(ours.Version))
        {
            return Keep(Outcome.Theirs, ours, theirs);
        }

        if (ours.Deleted && theirs.Deleted)
        {
            return BothDeleted(binding, ours, theirs);
        }

        if (!ours.Deleted && !theirs.Deleted && ours.Stamp.ContentHash == theirs.Stamp.ContentHash && binding.ContentEquals(ours.Value!, theirs.Value!))
        {
            // Equal content: nothing to merge, but the same value may have been written by
            // different writes, and each member keeps its latest (or a later merge would see an
            // older write as the member's last). Equal member versions too: keep the greater copy.
            return ours.Stamp.Members.Equals(theirs.Stamp.Members)
                ? Keep(ours.Version > theirs.Version ? Outcome.Ours : Outcome.Theirs, ours, theirs)
                : Merged(binding, ours, theirs, ours.Value!, MemberMask.None, [], threeWay: false);
        }

        var @base = BaseOf(ours, theirs, layerBase, known);
        if (ours.Deleted != theirs.Deleted)
        {
            return EditAgainstDelete(binding, ours, theirs, @base);
        }

        return @base is null ? MergeWithoutBase(binding, ours, theirs) : MergeThreeWay(binding, ours, theirs, @base);
    }

    /// <summary>
    /// The newest version both sides descend from whose value is known: the layer's previous copy
    /// or a version in both lineages. <see cref="KnownVersion{T}.Absent"/> when the layer was known
    /// to lack the record and no lineage meets (both sides created it); null when nothing is known.
    /// </summary>
    private static KnownVersion<T>? BaseOf<T>(Copy<T> ours, Copy<T> theirs, KnownVersion<T>? layerBase, Func<StateVersion, Copy<T>?> known)
    {
        KnownVersion<T>? fromLineage = null;
        foreach (var ancestor in ours.Stamp.Ancestors)
        {
            if (theirs.Stamp.DescendsFrom(ancestor) && known(ancestor) is { } copy)
            {
                fromLineage = new KnownVersion<T>(ancestor, copy);
                break; // Ancestors are newest first.
            }
        }

        var fromLayer = layerBase;
        if (fromLayer is null || fromLayer.IsAbsent)
        {
            return fromLineage ?? fromLayer;
        }

        return fromLineage is null || fromLayer.Version > fromLineage.Version ? fromLayer : fromLineage;
    }

    /// <summary>
    /// Both changed since <paramref name="base"/>. Which side changed a member is told by member
    /// versions, never by values: a member set back to the base's value (a revert) is a change.
    /// Members one side changed take that side's value; members both changed are conflicts: the
    /// generated merge applies the member's policy where it combines values (Max, Min, Add, Union),
    /// and the later write of the member wins where the policy picks a side.
    /// </summary>
    private static Decision<T> MergeThreeWay<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs, KnownVersion<T> @base)
    {
        // A tombstone as the base: the record did not exist, its members erased at the delete's versions.
        var baseCopy = @base.Copy is { Deleted: false } copy ? copy : null;
        var baseValue = baseCopy is not null ? baseCopy.Value! : binding.CreateDefault();
        var baseMembers = @base.Copy?.Stamp.Members;
        var takeTheirs = MemberMask.None;
        var conflicts = MemberMask.None;
        var theirsLater = MemberMask.None;
        foreach (var ordinal in binding.Diff(ours.Value!, theirs.Value!).Ordinals())
        {
            // Without a base copy (both created the record) a member is a write where its creator set it.
            var baseVersion = baseMembers?[ordinal] ?? StateVersion.None;
            var oursChanged = ours.Stamp.Members[ordinal] != baseVersion;
            var theirsChanged = theirs.Stamp.Members[ordinal] != baseVersion;
            if (theirsChanged && !oursChanged)
            {
                takeTheirs = takeTheirs.With(ordinal);
            }
            else if (theirsChanged == oursChanged)
            {
                conflicts = conflicts.With(ordinal);
                if (TheirsWroteLater(ours, theirs, ordinal))
                {
                    theirsLater = theirsLater.With(ordinal);
                }
            }
        }

        var value = takeTheirs.IsEmpty ? ours.Value! : binding.Apply(ours.Value!, theirs.Value!, takeTheirs);
        if (!conflicts.IsEmpty)
        {
            // The policy's answer for each conflict: a combined value, or the side its later write picks.
            var oursFirst = binding.Merge(baseValue, ours.Value!, theirs.Value!, new MergeContext(OursHasPriority: true, TheirsIsNewer: false)).Value;
            var theirsFirst = binding.Merge(baseValue, ours.Value!, theirs.Value!, new MergeContext(OursHasPriority: false, TheirsIsNewer: true)).Value;
            var combined = MemberMask.None;
            foreach (var ordinal in conflicts.Ordinals())
            {
                if (binding.Schema.Members[ordinal].Policy is MergePolicy.Max or MergePolicy.Min or MergePolicy.Add or MergePolicy.Union)
                {
                    combined = combined.With(ordinal);
                }
            }

            var picked = new MemberMask(conflicts.Bits & ~combined.Bits);
            value = binding.Apply(value, theirs.Value!, picked & theirsLater);
            value = binding.Apply(value, oursFirst, combined & new MemberMask(~theirsLater.Bits));
            value = binding.Apply(value, theirsFirst, combined & theirsLater);
        }

        var decidedBy = new string[conflicts.Count];
        var i = 0;
        foreach (var ordinal in conflicts.Ordinals())
        {
            decidedBy[i++] = binding.Schema.Members[ordinal].Policy.ToString();
        }

        return Merged(binding, ours, theirs, value, conflicts, decidedBy, threeWay: baseCopy is not null);
    }

    private static Decision<T> MergeWithoutBase<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs)
    {
        var differ = binding.Diff(ours.Value!, theirs.Value!);
        var theirsWins = MemberMask.None;
        var conflicts = MemberMask.None;
        foreach (var ordinal in differ.Ordinals())
        {
            var mine = ours.Stamp.Members[ordinal];
            var other = theirs.Stamp.Members[ordinal];
            if (theirs.Stamp.Knows(mine) && !ours.Stamp.Knows(other))
            {
                theirsWins = theirsWins.With(ordinal); // They overwrote our write of it knowingly.
            }
            else if (!ours.Stamp.Knows(other))
            {
                conflicts = conflicts.With(ordinal);
                if (TheirsWroteLater(ours, theirs, ordinal))
                {
                    theirsWins = theirsWins.With(ordinal);
                }
            }
        }

        var value = theirsWins.IsEmpty ? ours.Value! : binding.Apply(ours.Value!, theirs.Value!, theirsWins);
        var decidedBy = new string[conflicts.Count];
        var i = 0;
        foreach (var ordinal in conflicts.Ordinals())
        {
            decidedBy[i++] = ConflictRule.LatestWrite;
        }
        return Merged(binding, ours, theirs, value, conflicts, decidedBy, threeWay: false);
    }

    /// <summary>
    /// True when theirs wrote the member later, in version order (clock, then writer id for the
    /// same instant). Never by layer: a tie decided one way at hydration and the other way
    /// between tabs would make the outcome depend on the path the copies took.
    /// </summary>
    private static bool TheirsWroteLater<T>(Copy<T> ours, Copy<T> theirs, int ordinal) =>
        theirs.Stamp.Members[ordinal] > ours.Stamp.Members[ordinal];

    private static Decision<T> Merged<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs, T value, MemberMask conflicts, string[] decidedBy, bool threeWay)
    {
        var fromOurs = binding.Diff(value, ours.Value!);
        var fromTheirs = binding.Diff(value, theirs.Value!);
        var count = binding.MemberCount;
        var versions = new StateVersion[count];
        var newValues = MemberMask.None;
        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            var mine = ours.Stamp.Members[ordinal];
            var other = theirs.Stamp.Members[ordinal];
            switch (fromOurs.Contains(ordinal), fromTheirs.Contains(ordinal))
            {
                case (false, false):
                    versions[ordinal] = StateVersion.Max(mine, other);
                    break;
                case (false, true):
                    versions[ordinal] = mine;
                    break;
                case (true, false):
                    versions[ordinal] = other;
                    break;
                default:
                    newValues = newValues.With(ordinal); // A new value (a sum, a union): the merged copy's own version.
                    break;
            }
        }

        if (newValues.IsEmpty && AllErased(versions))
        {
            // Every member's latest write is a delete's erasure: both copies had outlived a delete
            // with writes another delete erased, so nothing written is left and the record is deleted.
            return new Decision<T> { Outcome = Outcome.Merged, Ours = ours, Theirs = theirs, Deleted = true, MemberVersions = Versions.MemberVersions.Of(StateVersion.None, versions), Conflicts = conflicts, DecidedBy = decidedBy, ThreeWay = threeWay };
        }

        return new Decision<T>
        {
            Outcome = Outcome.Merged,
            Ours = ours,
            Theirs = theirs,
            Value = value,
            MemberVersions = Versions.MemberVersions.Of(StateVersion.None, versions),
            NewValues = newValues,
            Conflicts = conflicts,
            DecidedBy = decidedBy,
            ThreeWay = threeWay,
            Winner = fromOurs.IsEmpty ? "ours" : fromTheirs.IsEmpty ? "theirs" : "merged",
        };
    }

    /// <summary>True when some member was erased by a delete and none holds a write (a record never deleted, all defaults, is not).</summary>
    private static bool AllErased(StateVersion[] versions)
    {
        var erased = false;
        foreach (var version in versions)
        {
            if (version.IsErasure)
            {
                erased = true;
            }
            else if (!version.IsNone)
            {
                return false;
            }
        }

        return erased;
    }

    private static int IndexOf(System.Collections.Generic.IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static Decision<T> Keep<T>(Outcome outcome, Copy<T> ours, Copy<T> theirs) =>
        new() { Outcome = outcome, Ours = ours, Theirs = theirs, Winner = outcome == Outcome.Theirs ? "theirs" : "ours" };
}
