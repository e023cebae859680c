using System;
using System.Linq;
using OvasabiState.Conflicts;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using OvasabiState.Versions;
using Xunit;

namespace OvasabiState.Tests.Conflicts;

/// <summary>The conflict rules with data alone: copies and versions in, a decision out (no store, no storage, no clock).</summary>
public sealed class ReconcilerTests
{
    private static readonly ManualNoteRecord.OvasabiStateBinding Binding = ManualNoteRecord.OvasabiStateBinding.Instance;
    private static readonly ManualNoteRecord Base = new() { Id = "n1", Title = "t0", Body = "b0", Edits = 10, Score = 1, Labels = ["x"] };
    private static readonly StateVersion V0 = V(100, 1);

    [Fact]
    public void The_same_version_is_the_same_copy()
    {
        var copy = Write(null, Base, V0);
        Assert.Equal(Outcome.Same, Decide(copy, copy with { Layer = StateLayer.Local }).Outcome);
    }

    [Fact]
    public void A_copy_whose_lineage_holds_the_other_is_newer_either_way_round()
    {
        var first = Write(null, Base, V0);
        var second = Write(first, Base with { Title = "t1" }, V(200, 2));
        Assert.Equal(Outcome.Theirs, Decide(first, second).Outcome);
        Assert.Equal(Outcome.Ours, Decide(second, first).Outcome);
    }

    [Fact]
    public void What_the_layer_held_before_decides_a_fast_forward_even_past_the_lineage()
    {
        var ours = Write(null, Base with { Title = "mine" }, V(300, 1)); // no lineage at all
        var stored = Write(null, Base, V0);
        var layerBase = new KnownVersion<ManualNoteRecord>(stored.Version, stored);
        Assert.Equal(Outcome.Ours, Reconciler.Decide(Binding, ours, stored, layerBase, _ => null).Outcome);
        Assert.Equal(Outcome.Theirs, Reconciler.Decide(Binding, stored, ours, new KnownVersion<ManualNoteRecord>(stored.Version, stored), _ => null).Outcome);
    }

    [Fact]
    public void Equal_content_with_equal_member_versions_keeps_the_greater_version_and_merges_nothing()
    {
        var a = Write(null, Base, V(100, 1));
        var b = a with { Stamp = a.Stamp with { Version = V(100, 2) } }; // the same writes, a different copy
        Assert.Equal(Outcome.Theirs, Decide(a, b).Outcome);
        Assert.Equal(Outcome.Ours, Decide(b, a).Outcome);
    }

    [Fact]
    public void Equal_content_written_by_different_writes_keeps_each_members_latest_write_without_a_conflict()
    {
        var a = Write(null, Base, V(100, 1));
        var b = Write(null, Base, V(100, 2));

        var decision = Decide(a, b);

        Assert.Equal(Outcome.Merged, decision.Outcome);
        Assert.False(decision.IsConflict);
        var merged = decision.ToCopy(Binding, V(200, 3), "tab", DateTimeOffset.UnixEpoch);
        Assert.Equal(V(100, 2), merged.Stamp.Members[1]);
        Assert.True(merged.Stamp.DescendsFrom(a.Version) && merged.Stamp.DescendsFrom(b.Version));
    }

    [Fact]
    public void A_revert_to_the_base_value_is_a_change_not_an_older_copy()
    {
        var @base = Write(null, Base, V0);
        var x = Write(@base, Base with { Title = "x" }, V(200, 1));
        var reverted = Write(x, Base, V(300, 2)); // Title back to t0, a new write
        var body = Write(x, Base with { Title = "x", Body = "b1" }, V(250, 1));

        var decision = Decide(reverted, body, known: x);

        Assert.Equal(Outcome.Merged, decision.Outcome);
        Assert.Equal("t0", decision.Value!.Title); // the revert: only this side wrote Title since x
        Assert.Equal("b1", decision.Value.Body);
        Assert.True(decision.Conflicts.IsEmpty);
        Assert.True(decision.ThreeWay);
    }

    [Fact]
    public void Both_sides_writing_a_member_give_it_to_its_later_write_whichever_side_holds_it()
    {
        var @base = Write(null, Base, V0);
        var early = Write(@base, Base with { Title = "early" }, V(200, 9));
        var late = Write(@base, Base with { Title = "late" }, V(300, 1));

        foreach (var decision in new[] { Decide(early, late, known: @base), Decide(late, early, known: @base) })
        {
            Assert.Equal("late", decision.Value!.Title);
            Assert.Equal(["Title"], decision.Conflicts.Names(Binding.MemberNames));
            Assert.Equal(["LayerPriority"], decision.DecidedBy); // the member's policy, which picks a side by its later write
        }
    }

    [Fact]
    public void The_decision_is_the_same_whichever_copy_is_ours()
    {
        var @base = Write(null, Base, V0);
        var a = Write(@base, Base with { Title = "a", Edits = 12, Score = 5, Labels = ["x", "a"] }, V(200, 1));
        var b = Write(@base, Base with { Body = "b", Edits = 13, Score = 3, Labels = ["x", "b"] }, V(210, 2));

        var ab = Decide(a, b, known: @base).Value!;
        var ba = Decide(b, a, known: @base).Value!;

        Assert.True(Binding.ContentEquals(ab, ba));
        Assert.Equal(15, ab.Edits); // Add: both increments kept
        Assert.Equal(5, ab.Score); // Max
        Assert.Equal(["x", "b", "a"], ab.Labels); // Union, the later write's items first
        Assert.Equal(("a", "b"), (ab.Title, ab.Body));
    }

    [Fact]
    public void An_edit_against_a_delete_that_did_not_know_of_it_is_kept_and_what_the_delete_saw_is_deleted()
    {
        var @base = Write(null, Base, V0);
        var edited = Write(@base, Base with { Title = "kept" }, V(200, 1));
        var deleted = Tombstone(@base, V(300, 2));

        foreach (var decision in new[] { Decide(edited, deleted, known: @base), Decide(deleted, edited, known: @base) })
        {
            Assert.Equal(Outcome.Merged, decision.Outcome);
            Assert.Equal("kept", decision.Value!.Title);
            Assert.Equal("", decision.Value.Body); // the delete saw b0: it is deleted; the logged edit keeps it
            Assert.Equal(10, (decision.Ours.Deleted ? decision.Theirs : decision.Ours).Value!.Edits);
            Assert.True(decision.DeleteConflict);
            Assert.True(decision.IsConflict);
            Assert.Equal(["Title"], decision.Conflicts.Names(Binding.MemberNames));
            Assert.All(decision.DecidedBy, d => Assert.Equal(ConflictRule.EditOverDelete, d));
            var merged = decision.ToCopy(Binding, V(400, 3), "tab", DateTimeOffset.UnixEpoch);
            Assert.True(merged.Stamp.DescendsFrom(deleted.Version)); // every replica sees the edit supersede the delete
        }
    }

    [Fact]
    public void A_delete_that_saw_every_write_of_the_other_copy_stands()
    {
        var @base = Write(null, Base, V0);
        var edited = Write(@base, Base with { Title = "seen" }, V(200, 1));
        // The delete's writer had merged the edit (its lineage holds it) before deleting, but the edit's holder never heard.
        var merged = Write(edited, Base with { Title = "seen" }, V(250, 2));
        var deleted = Tombstone(merged, V(300, 2));
        var other = edited with { Stamp = edited.Stamp with { Version = V(260, 3), Ancestors = [V0] } }; // an unflushed twin of the edit

        var decision = Decide(other, deleted, known: @base);

        Assert.Equal(Outcome.Theirs, decision.Outcome);
        Assert.False(decision.IsConflict);
    }

    [Fact]
    public void An_unseen_edit_earlier_than_the_write_the_delete_removed_goes_with_it_in_either_meeting_order()
    {
        var @base = Write(null, Base, V0);
        var early = Write(@base, Base with { Title = "early" }, V(200, 1));
        var late = Write(@base, Base with { Title = "late" }, V(220, 2));
        var deleted = Tombstone(late, V(300, 3)); // deleted "late", never heard of "early"

        // "early" met "late" first: it lost to the later write (logged), which the delete then removed.
        var merged = Decide(late, early, known: @base);
        Assert.Equal("late", merged.Value!.Title);
        Assert.True(merged.IsConflict);
        var mergedCopy = merged.ToCopy(Binding, V(250, 2), "tab", DateTimeOffset.UnixEpoch);
        Assert.Equal(Outcome.Theirs, Decide(mergedCopy, deleted, known: @base).Outcome);

        // "early" met the delete first: the same outcome, so no order of meetings brings it back.
        var direct = Decide(early, deleted, known: @base);
        Assert.Equal(Outcome.Theirs, direct.Outcome);
        Assert.Equal(Outcome.Ours, Decide(deleted, early, known: @base).Outcome);
        Assert.True(direct.IsConflict); // the delete never saw "early": logged, with the edited copy
        Assert.Equal(["Title"], direct.Conflicts.Names(Binding.MemberNames));
        Assert.Equal([ConflictRule.DeleteOverEdit], direct.DecidedBy);

        // An unseen edit later than the deleted write survives the delete.
        var later = Write(@base, Base with { Title = "later" }, V(240, 4));
        Assert.Equal("later", Decide(later, deleted, known: @base).Value!.Title);
    }

    [Fact]
    public void Two_deletes_keep_the_greater_version_without_a_conflict()
    {
        var @base = Write(null, Base, V0);
        var a = Tombstone(@base, V(200, 1));
        var b = Tombstone(@base, V(200, 2));
        Assert.Equal(Outcome.Theirs, Decide(a, b).Outcome);
        Assert.Equal(Outcome.Ours, Decide(b, a).Outcome);
    }

    [Fact]
    public void Without_a_base_a_member_goes_to_the_side_that_knew_of_the_others_write()
    {
        var shared = V(150, 5);
        var ours = Write(null, Base with { Title = "over it" }, V(300, 1), ancestors: [shared]);
        var theirs = Write(null, Base with { Title = "older" }, shared);
        theirs = theirs with { Stamp = theirs.Stamp with { Version = V(200, 2) } }; // a copy that still carries member version 'shared'

        var decision = Decide(ours, theirs);

        Assert.Equal("over it", decision.Value!.Title);
        Assert.True(decision.Conflicts.IsEmpty);
        Assert.False(decision.ThreeWay);
    }

    [Fact]
    public void Without_a_base_concurrent_members_go_to_their_later_write_and_the_same_instant_by_writer_whichever_side_is_ours()
    {
        var a = Write(null, Base with { Title = "a", Body = "a" }, V(200, 1)) with { Layer = StateLayer.IndexedDb };
        var b = Write(null, Base with { Title = "b" }, V(200, 2)) with { Layer = StateLayer.Local };
        var later = b with { Stamp = b.Stamp with { Version = V(300, 2), Members = MemberVersions.Uniform(V(300, 2)) } };

        foreach (var tie in new[] { Decide(a, b), Decide(b, a) })
        {
            Assert.Equal(("b", "b0"), (tie.Value!.Title, tie.Value.Body)); // same instant: writer 2 after writer 1
            Assert.All(tie.DecidedBy, d => Assert.Equal(ConflictRule.LatestWrite, d));
        }

        var byTime = Decide(a, later);
        Assert.Equal(("b", "b0"), (byTime.Value!.Title, byTime.Value.Body));
        Assert.True(Binding.ContentEquals(byTime.Value, Decide(later, a).Value!));
    }

    [Fact]
    public void Two_copies_created_independently_meet_over_an_absent_base_and_every_differing_member_is_a_conflict()
    {
        var a = Write(null, new ManualNoteRecord { Id = "n1", Title = "a", Body = "" }, V(200, 1));
        var b = Write(null, new ManualNoteRecord { Id = "n1", Title = "b", Body = "b" }, V(300, 2));

        var decision = Reconciler.Decide(Binding, a, b, KnownVersion<ManualNoteRecord>.Absent, _ => null);

        Assert.Equal(("b", "b"), (decision.Value!.Title, decision.Value.Body));
        Assert.Equal(["Title", "Body"], decision.Conflicts.Names(Binding.MemberNames));
    }

    [Fact]
    public void A_merged_copy_keeps_each_members_version_so_a_third_copy_is_decided_alike_in_any_order()
    {
        var @base = Write(null, Base, V0);
        var a = Write(@base, Base with { Title = "a" }, V(200, 1));
        var b = Write(@base, Base with { Title = "b", Body = "b" }, V(300, 2));
        var c = Write(@base, Base with { Title = "c" }, V(250, 3));

        var abThenC = Decide(Merge(a, b, @base, V(400, 1)), c, known: @base).Value!;
        var cThenAb = Decide(Merge(c, a, @base, V(400, 3)), b, known: @base).Value!;

        Assert.Equal("b", abThenC.Title); // b wrote Title last of the three
        Assert.True(Binding.ContentEquals(abThenC, cThenAb));
    }

    private static Decision<ManualNoteRecord> Decide(Copy<ManualNoteRecord> ours, Copy<ManualNoteRecord> theirs, Copy<ManualNoteRecord>? known = null) =>
        Reconciler.Decide(Binding, ours, theirs, null, v => known is not null && known.Version == v ? known : null);

    private static Copy<ManualNoteRecord> Merge(Copy<ManualNoteRecord> ours, Copy<ManualNoteRecord> theirs, Copy<ManualNoteRecord> @base, StateVersion version) =>
        Decide(ours, theirs, known: @base).ToCopy(Binding, version, "merger", DateTimeOffset.UnixEpoch);

    /// <summary>A write of <paramref name="value"/> over <paramref name="parent"/> (or over nothing), members it changed stamped with <paramref name="version"/>.</summary>
    private static Copy<ManualNoteRecord> Write(Copy<ManualNoteRecord>? parent, ManualNoteRecord value, StateVersion version, StateVersion[]? ancestors = null)
    {
        var payload = Binding.Serialize(value);
        var members = parent is null
            ? MemberVersions.Uniform(version)
            : parent.Stamp.Members.With(Binding.Diff(parent.Value!, value), version, Binding.MemberCount);
        var lineage = ancestors ?? (parent is null ? [] : StateStamp.Lineage(parent.Stamp).ToArray());
        var stamp = new StateStamp(version, "tab", DateTimeOffset.UnixEpoch, StateHash.Of(payload), false, lineage, members);
        return new Copy<ManualNoteRecord>(StateLayer.Memory, stamp, value, payload);
    }

    private static Copy<ManualNoteRecord> Tombstone(Copy<ManualNoteRecord> parent, StateVersion version) =>
        new(StateLayer.Memory, new StateStamp(version, "tab", DateTimeOffset.UnixEpoch, 0, true, StateStamp.Lineage(parent.Stamp), parent.Stamp.Members.Erased()), null, []);

    private static StateVersion V(long clock, ulong writer) => new(clock << 16, writer << 1); // writer ids are even
}
