using OvasabiState.Sync;
using OvasabiState.Versions;

namespace OvasabiState.Conflicts;

/// <summary>The rules for deletes: an edit against a concurrent delete, and two deletes.</summary>
internal static partial class Reconciler
{
    /// <summary>
    /// An edit against a delete it does not descend from. The tombstone holds each member erased
    /// right after the write of it the delete saw (<see cref="StateVersion.Erasure"/>), so this is
    /// the later write of each member, as everywhere: an edit's write later than the erasure
    /// survives; an earlier one goes (it had lost to the write the delete removed, or would have).
    /// The record stays when a write survives, its other members back to their defaults.
    /// </summary>
    private static Decision<T> EditAgainstDelete<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs, KnownVersion<T>? @base)
    {
        var (live, deleted) = ours.Deleted ? (theirs, ours) : (ours, theirs);
        var deleteSide = ReferenceEquals(deleted, ours) ? Outcome.Ours : Outcome.Theirs;
        var keyOrdinal = binding.HasKey ? IndexOf(binding.MemberNames, binding.Schema.KeyPath!) : -1;
        var unseen = MemberMask.None; // written by a write the delete did not know of: a conflict, logged
        var kept = MemberMask.None;
        var versions = new StateVersion[binding.MemberCount];
        for (var ordinal = 0; ordinal < versions.Length; ordinal++)
        {
            var written = live.Stamp.Members[ordinal];
            var erased = deleted.Stamp.Members[ordinal];
            versions[ordinal] = StateVersion.Max(written, erased);
            if (written > erased && !written.IsErasure)
            {
                kept = kept.With(ordinal);
            }

            if (!written.IsNone && !written.IsErasure && !deleted.Stamp.Knows(written))
            {
                unseen = unseen.With(ordinal);
            }
        }

        var decidedBy = new string[unseen.Count];
        var i = 0;
        foreach (var ordinal in unseen.Ordinals())
        {
            decidedBy[i++] = kept.Contains(ordinal) ? ConflictRule.EditOverDelete : ConflictRule.DeleteOverEdit;
        }

        if (kept.IsEmpty)
        {
            // No write of the edit outlives the delete: the delete stands (logged when the edit had
            // writes it did not see), as it is when it holds every member's later erasure, or as a
            // new tombstone with the edit's later erasures (from a delete it had met) too.
            var erasures = Versions.MemberVersions.Of(StateVersion.None, versions);
            var stands = erasures.Equals(deleted.Stamp.Members)
                ? Keep(deleteSide, ours, theirs)
                : new Decision<T> { Outcome = Outcome.Merged, Ours = ours, Theirs = theirs, Deleted = true, MemberVersions = erasures, Winner = deleteSide == Outcome.Ours ? "ours" : "theirs" };
            return stands with { Conflicts = unseen, DecidedBy = decidedBy, DeleteConflict = !unseen.IsEmpty, ThreeWay = @base is not null };
        }

        // The record stays with the writes that outlive the delete; the other members are erased,
        // back to their defaults (the key names the record: it is never reset).
        var reset = new MemberMask(MemberMask.All(binding.MemberCount).Bits & ~kept.Bits);
        if (keyOrdinal >= 0)
        {
            reset = new MemberMask(reset.Bits & ~MemberMask.Of(keyOrdinal).Bits);
        }

        return new Decision<T>
        {
            Outcome = Outcome.Merged,
            Ours = ours,
            Theirs = theirs,
            Value = reset.IsEmpty ? live.Value! : binding.Apply(live.Value!, binding.CreateDefault(), reset),
            MemberVersions = Versions.MemberVersions.Of(StateVersion.None, versions),
            Conflicts = unseen,
            DecidedBy = decidedBy,
            DeleteConflict = true,
            ThreeWay = @base is not null,
            Winner = ReferenceEquals(live, ours) ? "ours" : "theirs",
        };
    }

    /// <summary>
    /// Two deletes: each member keeps its later erasure. The tombstone that already holds them
    /// all stands (the greater version when both do); otherwise a new tombstone holds both.
    /// </summary>
    private static Decision<T> BothDeleted<T>(StateBinding<T> binding, Copy<T> ours, Copy<T> theirs)
    {
        var latest = Versions.MemberVersions.Latest(ours.Stamp.Members, theirs.Stamp.Members, binding.MemberCount);
        var oursHolds = latest.Equals(ours.Stamp.Members);
        var theirsHolds = latest.Equals(theirs.Stamp.Members);
        if (oursHolds || theirsHolds)
        {
            return Keep(oursHolds && (!theirsHolds || ours.Version > theirs.Version) ? Outcome.Ours : Outcome.Theirs, ours, theirs);
        }

        return new Decision<T> { Outcome = Outcome.Merged, Ours = ours, Theirs = theirs, Deleted = true, MemberVersions = latest };
    }
}
