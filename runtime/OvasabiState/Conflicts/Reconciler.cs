using System;
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
/// <item>Equal content under different versions: keep the greater version; nothing to merge.</item>
/// <item>An edit against a concurrent delete: the edit is kept (unless it changed nothing since the
/// base), as a new version that descends from the tombstone, and the conflict is logged.</item>
/// <item>Both changed since a base whose value is known (the copy a layer held before, or the
/// newest version in both lineages): the generated three-way merge takes one-sided changes, and
/// decides members changed on both sides by their <see cref="MergePolicy"/>.</item>
/// <item>Both changed and no base is known: each differing member goes to the side that knew of
/// the other's write of it; otherwise (a sum or a union needs a base) to the copy from the
/// higher-priority layer when the two come from layers (hydration, "LayerPriority"), else to its
/// later write ("LatestWrite"); a <see cref="MergePolicy.Newest"/> member always to its later write.</item>
/// </list>
/// Where a policy picks a side: <see cref="MergePolicy.LayerPriority"/> (and the order of a
/// <see cref="MergePolicy.Union"/>) goes to the copy from the higher-priority layer when the two
/// come from layers (hydration), and to the member's later write between a tab's copy and
/// storage, where neither side has priority; <see cref="MergePolicy.Newest"/> always goes to the
/// later write. Each member carries the version of the write that set it, so "later" is the
/// member's own write, and every tab reaches the same value whatever order copies met in.
/// A merge always yields a new version descending from both sides, so every replica that meets
/// it recognises it as newer than either.
/// </summary>
internal static class Reconciler
{
    /// <summary>What decides a conflict of a member without a base between a tab's copy and storage: its later write.</summary>
    public const string LatestWrite = "LatestWrite";

    /// <summary>What decides a conflict of a <see cref="MergePolicy.LayerPriority"/> member between copies from two layers: the higher-priority layer.</summary>
    public const string LayerPriority = nameof(MergePolicy.LayerPriority);

    /// <summary>What decides an edit against a concurrent delete.</summary>
    public const string EditOverDelete = "EditOverDelete";

    /// <summary>Decides between <paramref name="ours"/> and <paramref name="theirs"/>.</summary>
    /// <param name="binding">The record type's generated binding.</param>
    /// <param name="ours">The copy the caller holds.</param>
    /// <param name="theirs">The copy it met.</param>
    /// <param name="layerBase">
    /// What the layer <paramref name="theirs"/> came from was known to hold before (every write to a
    /// layer is compare-and-set, so the layer's copy descends from it); null when unknown.
    /// </param>
    /// <param name="known">The copy of a version whose value the caller still holds, or null.</param>
    /// <param name="oursHasPriority">
    /// True when ours comes from a higher-priority layer than theirs (hydration): two writes of a
    /// member at the same instant go to ours. False between a tab's copy and storage, where the
    /// writer's id breaks the tie, so every tab decides alike.
    /// </param>
    public static Decision<T> Decide<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs, KnownVersion<T>? layerBase, Func<StateVersion, Copy<T>?> known, bool oursHasPriority = false)
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

        if (ours.Deleted == theirs.Deleted && (ours.Deleted || ours.Stamp.ContentHash == theirs.Stamp.ContentHash))
        {
            return Keep(ours.Version > theirs.Version ? Outcome.Ours : Outcome.Theirs, ours, theirs);
        }

        var @base = BaseOf(ours, theirs, layerBase, known);
        if (ours.Deleted != theirs.Deleted)
        {
            return EditAgainstDelete(binding, ours, theirs, @base);
        }

        return @base is null ? MergeWithoutBase(binding, ours, theirs, oursHasPriority) : MergeThreeWay(binding, ours, theirs, @base, oursHasPriority);
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

        // A tombstone as the layer's previous copy: the record did not exist, as for an absent one.
        var fromLayer = layerBase is { Copy.Deleted: true } ? KnownVersion<T>.Absent : layerBase;
        if (fromLayer is null || fromLayer.IsAbsent)
        {
            return fromLineage ?? fromLayer;
        }

        return fromLineage is null || fromLayer.Version > fromLineage.Version ? fromLayer : fromLineage;
    }

    private static Decision<T> EditAgainstDelete<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs, KnownVersion<T>? @base)
    {
        var (live, deleted) = ours.Deleted ? (theirs, ours) : (ours, theirs);
        var changed = @base is { IsAbsent: false, Copy.Deleted: false }
            ? binding.Diff(@base.Copy!.Value!, live.Value!)
            : MemberMask.All(binding.MemberCount);
        if (changed.IsEmpty)
        {
            // The edit changed nothing the delete did not see: the delete stands.
            return Keep(ReferenceEquals(deleted, ours) ? Outcome.Ours : Outcome.Theirs, ours, theirs);
        }

        var decidedBy = new string[changed.Count];
        Array.Fill(decidedBy, EditOverDelete);
        return new Decision<T>
        {
            Outcome = Outcome.Merged,
            Ours = ours,
            Theirs = theirs,
            Value = live.Value,
            MemberVersions = live.Stamp.Members,
            Conflicts = changed,
            DecidedBy = decidedBy,
            DeleteConflict = true,
            ThreeWay = @base is not null,
            Winner = ReferenceEquals(live, ours) ? "ours" : "theirs",
        };
    }

    private static Decision<T> MergeThreeWay<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs, KnownVersion<T> @base, bool oursHasPriority)
    {
        var baseValue = @base.Copy is { Deleted: false } copy ? copy.Value! : binding.CreateDefault();
        var merged = binding.Merge(baseValue, ours.Value!, theirs.Value!, new MergeContext(OursHasPriority: true, TheirsIsNewer: false));
        var conflicts = merged.Conflicts;
        var theirsWins = MemberMask.None;
        foreach (var ordinal in conflicts.Ordinals())
        {
            if (TheirsWins(binding, ours, theirs, ordinal, oursHasPriority))
            {
                theirsWins = theirsWins.With(ordinal);
            }
        }

        var value = merged.Value;
        if (!theirsWins.IsEmpty)
        {
            var theirsFirst = binding.Merge(baseValue, ours.Value!, theirs.Value!, new MergeContext(OursHasPriority: false, TheirsIsNewer: true));
            value = binding.Apply(value, theirsFirst.Value, theirsWins);
        }

        var decidedBy = new string[conflicts.Count];
        var i = 0;
        foreach (var ordinal in conflicts.Ordinals())
        {
            decidedBy[i++] = binding.Schema.Members[ordinal].Policy.ToString();
        }

        return Merged(binding, ours, theirs, value, conflicts, decidedBy, threeWay: true);
    }

    private static Decision<T> MergeWithoutBase<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs, bool oursHasPriority)
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
                if (TheirsWins(binding, ours, theirs, ordinal, oursHasPriority))
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
            decidedBy[i++] = binding.Schema.Members[ordinal].Policy == MergePolicy.Newest ? nameof(MergePolicy.Newest) : oursHasPriority ? LayerPriority : LatestWrite;
        }
        return Merged(binding, ours, theirs, value, conflicts, decidedBy, threeWay: false);
    }

    /// <summary>
    /// Where a member's policy picks a side: <see cref="MergePolicy.Newest"/> by the later write;
    /// every other policy by priority when ours has it, else by the later write.
    /// </summary>
    private static bool TheirsWins<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs, int ordinal, bool oursHasPriority) =>
        binding.Schema.Members[ordinal].Policy == MergePolicy.Newest || !oursHasPriority
            ? TheirsWroteLater(ours, theirs, ordinal, oursHasPriority)
            : false;

    /// <summary>True when theirs wrote the member later: by clock, then (same instant) by priority when ours has it, else by writer id.</summary>
    private static bool TheirsWroteLater<T>(Copy<T> ours, Copy<T> theirs, int ordinal, bool oursHasPriority)
    {
        var mine = ours.Stamp.Members[ordinal];
        var other = theirs.Stamp.Members[ordinal];
        return other.Clock != mine.Clock ? other.Clock > mine.Clock : !oursHasPriority && other > mine;
    }

    private static Decision<T> Merged<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs, T value, MemberMask conflicts, string[] decidedBy, bool threeWay)
    {
        var fromOurs = binding.Diff(value, ours.Value!);
        var fromTheirs = binding.Diff(value, theirs.Value!);
        var count = binding.MemberCount;
        var versions = new StateVersion[count];
        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            var mine = ours.Stamp.Members[ordinal];
            var other = theirs.Stamp.Members[ordinal];
            versions[ordinal] = (fromOurs.Contains(ordinal), fromTheirs.Contains(ordinal)) switch
            {
                (false, false) => StateVersion.Max(mine, other),
                (false, true) => mine,
                (true, false) => other,
                _ => StateVersion.None, // A new value (a sum, a union): the merged copy's own version.
            };
        }

        return new Decision<T>
        {
            Outcome = Outcome.Merged,
            Ours = ours,
            Theirs = theirs,
            Value = value,
            MemberVersions = Versions.MemberVersions.Of(StateVersion.None, versions),
            Conflicts = conflicts,
            DecidedBy = decidedBy,
            ThreeWay = threeWay,
            Winner = fromOurs.IsEmpty ? "ours" : fromTheirs.IsEmpty ? "theirs" : "merged",
        };
    }

    private static Decision<T> Keep<T>(Outcome outcome, Copy<T> ours, Copy<T> theirs) =>
        new() { Outcome = outcome, Ours = ours, Theirs = theirs, Winner = outcome == Outcome.Theirs ? "theirs" : "ours" };
}
