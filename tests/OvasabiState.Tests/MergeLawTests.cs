using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Support;
using Xunit;

namespace OvasabiState.Tests;

/// <summary>
/// The algebra of diff, apply and three-way merge, checked on random values: diffs are exact,
/// applying a diff reproduces the target, disjoint changes merge cleanly, overlapping changes
/// are conflicts decided by policy, and the result does not depend on which side arrived first.
/// </summary>
public sealed class MergeLawTests
{
    private const int Iterations = 150;

    private static readonly Gen<MergeContext> Contexts =
        Gen.Select(Gen.Bool, Gen.Bool, (priority, newer) => new MergeContext(priority, newer));

    [Fact]
    public void ApplyingADiffReproducesTheTarget()
    {
        ApplyLaw(Gens.ComputeState);
        ApplyLaw(Gens.CampaignState);
        ApplyLaw(Gens.EdgeCase);
        ApplyLaw(Gens.PerformanceMetrics);
        ApplyLaw(Gens.UserSession);
        ApplyLaw(Gens.UserPreferences);
    }

    [Fact]
    public void DiffIsEmptyExactlyWhenBytesAreEqual()
    {
        DiffMatchesBytes(Gens.ComputeState);
        DiffMatchesBytes(Gens.CampaignState);
        DiffMatchesBytes(Gens.EdgeCase);
    }

    [Fact]
    public void DisjointChangesMergeWithoutConflicts()
    {
        DisjointLaw(Gens.ComputeState);
        DisjointLaw(Gens.CampaignState);
        DisjointLaw(Gens.EdgeCase);
        DisjointLaw(Gens.PerformanceMetrics);
        DisjointLaw(Gens.UserSession);
    }

    [Fact]
    public void MergingTheSameChangeTwiceGivesThatChange()
    {
        IdempotentLaw(Gens.ComputeState);
        IdempotentLaw(Gens.CampaignState);
        IdempotentLaw(Gens.EdgeCase);
        IdempotentLaw(Gens.PerformanceMetrics);
    }

    [Fact]
    public void OverlappingChangesAreConflictsDecidedByLayerPriority()
    {
        PriorityLaw(Gens.ComputeState, policyMembers: MemberMask.None);
        PriorityLaw(Gens.EdgeCase, policyMembers: MemberMask.None);
        PriorityLaw(Gens.CampaignState, policyMembers: MemberMask.Of(Ordinal<CampaignStateRecord>(nameof(CampaignStateRecord.Audiences))));
    }

    [Fact]
    public void MergeDoesNotDependOnArrivalOrder()
    {
        SwapLaw(Gens.ComputeState);
        SwapLaw(Gens.CampaignState);
        SwapLaw(Gens.EdgeCase);
        SwapLaw(Gens.PerformanceMetrics);
        SwapLaw(Gens.UserSession);
    }

    [Fact]
    public void UnionKeepsEveryAudience()
    {
        var binding = Bindings.Of<CampaignStateRecord>();
        var audiences = Gen.OneOf("a", "b", "c", "d").List[0, 6];
        Gen.Select(Gens.CampaignState, audiences, audiences, audiences, Contexts).Sample((campaign, before, mine, other, context) =>
        {
            var @base = campaign with { Audiences = before };
            var ours = campaign with { Audiences = mine };
            var theirs = campaign with { Audiences = other };
            var result = binding.Merge(@base, ours, theirs, context);

            var changedBoth = !Same(before, mine) && !Same(before, other) && !Same(mine, other);
            Assert.Equal(changedBoth, result.HasConflicts);
            List<string> expected;
            if (changedBoth)
            {
                var (first, second) = context.OursHasPriority ? (mine, other) : (other, mine);
                expected = [.. first, .. second.Where(a => !first.Contains(a)).Distinct()];
            }
            else
            {
                expected = Same(before, mine) ? other : mine;
            }

            Assert.Equal(expected, result.Value.Audiences);
            foreach (var audience in mine.Concat(other).Where(_ => changedBoth))
            {
                Assert.Contains(audience, result.Value.Audiences);
            }
        }, iter: 300);

        static bool Same(List<string> left, List<string> right) => left.SequenceEqual(right, StringComparer.Ordinal);
    }

    [Fact]
    public void MaxKeepsTheHigherPeakAndAddKeepsBothIncrements()
    {
        var binding = Bindings.Of<PerformanceMetricsRecord>();
        var peak = Ordinal<PerformanceMetricsRecord>(nameof(PerformanceMetricsRecord.PeakFps));
        var frames = Ordinal<PerformanceMetricsRecord>(nameof(PerformanceMetricsRecord.FrameCount));
        Gen.Select(Gens.PerformanceMetrics, Gen.Select(Gens.Double, Gens.Double, Gens.Double), Gen.Select(Gen.Long, Gen.Long, Gen.Long), Contexts)
            .Sample((metrics, peaks, counts, context) =>
            {
                var (b, o, t) = peaks;
                var (cb, co, ct) = counts;
                var @base = metrics with { PeakFps = b, FrameCount = cb };
                var ours = metrics with { PeakFps = o, FrameCount = co };
                var theirs = metrics with { PeakFps = t, FrameCount = ct };
                var result = binding.Merge(@base, ours, theirs, context);

                var peakConflict = !Bits(b, o) && !Bits(b, t) && !Bits(o, t);
                Assert.Equal(peakConflict, result.Conflicts.Contains(peak));
                var expectedPeak = !peakConflict ? (Bits(b, o) ? t : o)
                    : o.CompareTo(t) > 0 ? o
                    : o.CompareTo(t) < 0 ? t
                    : context.OursHasPriority ? o : t;
                Assert.Equal(BitConverter.DoubleToInt64Bits(expectedPeak), BitConverter.DoubleToInt64Bits(result.Value.PeakFps));

                var countConflict = cb != co && cb != ct && co != ct;
                Assert.Equal(countConflict, result.Conflicts.Contains(frames));
                var expectedCount = !countConflict ? (cb == co ? ct : co) : unchecked(co + ct - cb);
                Assert.Equal(expectedCount, result.Value.FrameCount);
                Assert.Equal(MemberMask.None, result.Conflicts & new MemberMask(~(MemberMask.Of(peak) | MemberMask.Of(frames)).Bits));
            }, iter: 500);

        static bool Bits(double left, double right) => BitConverter.DoubleToInt64Bits(left) == BitConverter.DoubleToInt64Bits(right);
    }

    [Fact]
    public void MaxAndAddOnConcreteValues()
    {
        var binding = Bindings.Of<PerformanceMetricsRecord>();
        var @base = new PerformanceMetricsRecord { PeakFps = 60, FrameCount = 100 };
        var ours = @base with { PeakFps = 90, FrameCount = 130 };
        var theirs = @base with { PeakFps = 75, FrameCount = 150 };

        foreach (var priority in new[] { true, false })
        {
            var merged = binding.Merge(@base, ours, theirs, new MergeContext(priority)).Value;
            Assert.Equal(90, merged.PeakFps);
            Assert.Equal(180, merged.FrameCount); // 100 + 30 + 50
        }
    }

    [Fact]
    public void NewestTakesTheLaterWrite()
    {
        var binding = Bindings.Of<UserSessionRecord>();
        var lastSeen = Ordinal<UserSessionRecord>(nameof(UserSessionRecord.LastSeenAt));
        Gen.Select(Gens.UserSession, Gen.Select(Gens.DateTime, Gens.DateTime, Gens.DateTime), Contexts).Sample((session, times, context) =>
        {
            var (b, o, t) = times;
            var result = binding.Merge(WithLastSeen(session, b), WithLastSeen(session, o), WithLastSeen(session, t), context);

            var conflict = b.ToBinary() != o.ToBinary() && b.ToBinary() != t.ToBinary() && o.ToBinary() != t.ToBinary();
            Assert.Equal(conflict, result.Conflicts.Contains(lastSeen));
            var expected = !conflict ? (b.ToBinary() == o.ToBinary() ? t : o) : context.TheirsIsNewer ? t : o;
            Assert.Equal(expected.ToBinary(), result.Value.LastSeenAt.ToBinary());
        }, iter: 300);

        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var fromBase = new UserSessionRecord { LastSeenAt = start };
        var mine = new UserSessionRecord { LastSeenAt = start.AddMinutes(5) };
        var theirs = new UserSessionRecord { LastSeenAt = start.AddMinutes(1) };
        Assert.Equal(start.AddMinutes(1), binding.Merge(fromBase, mine, theirs, new MergeContext(OursHasPriority: true, TheirsIsNewer: true)).Value.LastSeenAt);
        Assert.Equal(start.AddMinutes(5), binding.Merge(fromBase, mine, theirs, new MergeContext(OursHasPriority: false, TheirsIsNewer: false)).Value.LastSeenAt);

        static UserSessionRecord WithLastSeen(UserSessionRecord session, DateTime lastSeen) => new()
        {
            SessionId = session.SessionId,
            UserId = session.UserId,
            StartedAt = session.StartedAt,
            LastSeenAt = lastSeen,
            PageViews = session.PageViews,
            IsVisible = session.IsVisible,
        };
    }

    [Fact]
    public void TransientMembersAreNotPersistedDiffedOrMerged()
    {
        var sessions = Bindings.Of<UserSessionRecord>();
        var visible = new UserSessionRecord { SessionId = "s", PageViews = 2, IsVisible = true };
        var hidden = new UserSessionRecord { SessionId = "s", PageViews = 2, IsVisible = false };

        Assert.Equal(sessions.Serialize(visible), sessions.Serialize(hidden));
        Assert.True(sessions.Diff(visible, hidden).IsEmpty);
        Assert.True(sessions.Deserialize(sessions.Serialize(hidden)).IsVisible); // read back as its initializer value
        Assert.DoesNotContain("IsVisible", sessions.MemberNames);
        Assert.False(sessions.Apply(hidden, visible, MemberMask.All(sessions.MemberCount)).IsVisible);
        Assert.True(sessions.Apply(visible, hidden, MemberMask.All(sessions.MemberCount)).IsVisible);

        var theirs = new UserSessionRecord { SessionId = "s", PageViews = 9, IsVisible = true };
        foreach (var context in new[] { new MergeContext(true), new MergeContext(false, true) })
        {
            var merged = sessions.Merge(visible, hidden, theirs, context).Value;
            Assert.False(merged.IsVisible);
            Assert.Equal(9, merged.PageViews);
            Assert.True(sessions.Merge(hidden, visible, hidden, context).Value.IsVisible);
        }

        var edges = Bindings.Of<EdgeCaseRecord>();
        var cacheA = new object();
        var cacheB = new object();
        var a = new EdgeCaseRecord { Id = 1, Cache = cacheA };
        var b = new EdgeCaseRecord { Id = 1, Cache = cacheB };
        Assert.True(edges.Diff(a, b).IsEmpty);
        Assert.Equal(edges.Serialize(a), edges.Serialize(b));
        Assert.DoesNotContain("Cache", edges.MemberNames);
        Assert.Null(edges.Deserialize(edges.Serialize(a)).Cache);
        Assert.Same(cacheA, edges.Apply(a, b, MemberMask.All(edges.MemberCount)).Cache);
        Assert.Same(cacheB, edges.Merge(a, b with { Int = 5 }, a with { Long = 6 }, MergeContext.Default).Value.Cache);
        Assert.Same(cacheB, edges.Merge(a, b, a with { Int = 5 }, new MergeContext(false)).Value.Cache);
    }

    [Fact]
    public void MergeContextPicksSides()
    {
        Assert.Equal("ours", MergeContext.Default.ByPriority("ours", "theirs"));
        Assert.Equal("theirs", new MergeContext(OursHasPriority: false).ByPriority("ours", "theirs"));
        Assert.Equal("ours", MergeContext.Default.ByTime("ours", "theirs"));
        Assert.Equal("theirs", new MergeContext(TheirsIsNewer: true).ByTime("ours", "theirs"));
    }

    [Fact]
    public void MergePoliciesAreDeterministicOnTies()
    {
        Assert.Equal(1, MergePolicies.Max(1, 1, MergeContext.Default));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(MergePolicies.Max(-0.0, 0.0, MergeContext.Default)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(MergePolicies.Max(-0.0, 0.0, new MergeContext(false))));
        Assert.Equal(2.0, MergePolicies.Max(double.NaN, 2.0, MergeContext.Default));
        Assert.Equal(-5, MergePolicies.Min(3, -5, MergeContext.Default));
        Assert.Equal(int.MinValue, MergePolicies.Add(1, int.MaxValue, 2)); // wraps instead of throwing
        var left = new List<string> { "a", "b" };
        var right = new List<string> { "c", "a" };
        Assert.Equal(["a", "b", "c"], MergePolicies.Union(left, right, MergeContext.Default)!);
        Assert.Equal(["c", "a", "b"], MergePolicies.Union(left, right, new MergeContext(false))!);
        Assert.Equal(["a", "b", "c"], MergePolicies.Union(left.ToArray(), right.ToArray(), MergeContext.Default)!);
        Assert.Equal(["x"], MergePolicies.Union(null, new List<string> { "x" }, MergeContext.Default)!);
        Assert.Null(MergePolicies.Union((List<string>?)null, null, MergeContext.Default));

        var ours = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };
        var theirs = new Dictionary<string, int> { ["b"] = 3, ["c"] = 4 };
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 4 }, MergePolicies.Union(ours, theirs, MergeContext.Default));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 3, ["c"] = 4 }, MergePolicies.Union(ours, theirs, new MergeContext(false)));
    }

    private static int Ordinal<T>(string member)
        where T : ILayered<T>
    {
        var names = Bindings.Of<T>().MemberNames;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == member)
            {
                return i;
            }
        }

        throw new ArgumentException($"{typeof(T).Name} has no persisted member {member}.", nameof(member));
    }

    private static void ApplyLaw<T>(Gen<T> gen)
        where T : ILayered<T>
    {
        var binding = Bindings.Of<T>();
        var all = MemberMask.All(binding.MemberCount);
        Gen.Select(gen, gen, Gens.Mask(binding.MemberCount)).Sample((@base, x, mask) =>
        {
            Assert.True(binding.Diff(x, x).IsEmpty);
            var diff = binding.Diff(@base, x);
            Assert.Equal(diff, binding.Diff(x, @base));
            Assert.Equal(MemberMask.None, diff & new MemberMask(~all.Bits));

            var applied = binding.Apply(@base, x, diff);
            var remaining = binding.Diff(applied, x);
            Assert.True(remaining.IsEmpty, $"still differ after applying the diff: {Gens.Names(binding, remaining)}");
            Assert.Equal(binding.Serialize(x), binding.Serialize(applied));

            // Applying any mask changes at most that mask, and exactly the differing members in it.
            var partial = binding.Apply(@base, x, mask);
            Assert.Equal(diff & mask, binding.Diff(@base, partial));
            Assert.Equal(diff & new MemberMask(~mask.Bits & all.Bits), binding.Diff(partial, x));
            Assert.True(binding.Diff(binding.Apply(@base, x, MemberMask.None), @base).IsEmpty);
        }, iter: Iterations, print: t => Gens.Describe(binding, t.Item1) + " / " + Gens.Describe(binding, t.Item2));
    }

    private static void DiffMatchesBytes<T>(Gen<T> gen)
        where T : ILayered<T>
    {
        var binding = Bindings.Of<T>();
        Gen.Select(gen, gen, Gens.Mask(binding.MemberCount)).Sample((a, x, mask) =>
        {
            // Values that share most members: random pairs would almost always differ.
            var b = binding.Apply(a, x, mask);
            var sameBytes = binding.Serialize(a).AsSpan().SequenceEqual(binding.Serialize(b));
            Assert.Equal(sameBytes, binding.Diff(a, b).IsEmpty);
            Assert.Equal(sameBytes, binding.ComputeHash(a) == binding.ComputeHash(b));
        }, iter: Iterations);
    }

    private static void DisjointLaw<T>(Gen<T> gen)
        where T : ILayered<T>
    {
        var binding = Bindings.Of<T>();
        Gen.Select(Gen.Select(gen, gen, gen), Gens.Mask(binding.MemberCount), Gens.Mask(binding.MemberCount), Contexts)
            .Sample((values, maskA, maskB, context) =>
            {
                var (@base, x, y) = values;
                var ours = binding.Apply(@base, x, maskA);
                var theirs = binding.Apply(@base, y, new MemberMask(maskB.Bits & ~maskA.Bits));
                var result = binding.Merge(@base, ours, theirs, context);

                Assert.False(result.HasConflicts, $"conflicts on disjoint changes: {Gens.Names(binding, result.Conflicts)}");
                var expected = binding.Apply(binding.Apply(@base, ours, binding.Diff(@base, ours)), theirs, binding.Diff(@base, theirs));
                var wrong = binding.Diff(result.Value, expected);
                Assert.True(wrong.IsEmpty, $"merged value differs on {Gens.Names(binding, wrong)}");

                // One-sided changes are the degenerate disjoint case.
                Assert.True(binding.Diff(binding.Merge(@base, @base, theirs, context).Value, theirs).IsEmpty);
                Assert.True(binding.Diff(binding.Merge(@base, ours, @base, context).Value, ours).IsEmpty);
                Assert.True(binding.Diff(binding.Merge(@base, @base, @base, context).Value, @base).IsEmpty);
            }, iter: Iterations);
    }

    private static void IdempotentLaw<T>(Gen<T> gen)
        where T : ILayered<T>
    {
        var binding = Bindings.Of<T>();
        Gen.Select(gen, gen, Contexts).Sample((@base, x, context) =>
        {
            var result = binding.Merge(@base, x, x, context);
            Assert.False(result.HasConflicts);
            Assert.True(binding.Diff(result.Value, x).IsEmpty);

            // Equal content in distinct instances (as after a round trip) is not a conflict either.
            var copy = binding.Deserialize(binding.Serialize(x));
            var fromCopy = binding.Merge(@base, x, copy, context);
            Assert.False(fromCopy.HasConflicts);
            Assert.True(binding.Diff(fromCopy.Value, x).IsEmpty);
        }, iter: Iterations);
    }

    /// <summary>
    /// A model of the merge for members with <see cref="MergePolicy.LayerPriority"/>: changed on one
    /// side takes that side; changed on both to different values is a conflict won by priority.
    /// Members in <paramref name="policyMembers"/> have another policy and are only checked for conflicts here.
    /// </summary>
    private static void PriorityLaw<T>(Gen<T> gen, MemberMask policyMembers)
        where T : ILayered<T>
    {
        var binding = Bindings.Of<T>();
        Gen.Select(Gen.Select(gen, gen, gen), Gens.Mask(binding.MemberCount), Gens.Mask(binding.MemberCount), Contexts)
            .Sample((values, maskA, maskB, context) =>
            {
                var (@base, x, y) = values;
                var ours = binding.Apply(@base, x, maskA);
                var theirs = binding.Apply(@base, y, maskB);
                var result = binding.Merge(@base, ours, theirs, context);

                var changedByUs = binding.Diff(@base, ours);
                var changedByThem = binding.Diff(@base, theirs);
                var conflicts = changedByUs & changedByThem & binding.Diff(ours, theirs);
                Assert.Equal(conflicts, result.Conflicts);

                var takeTheirs = new MemberMask(changedByThem.Bits & ~changedByUs.Bits) | (context.OursHasPriority ? MemberMask.None : conflicts);
                var expected = binding.Apply(ours, theirs, takeTheirs);
                var wrong = new MemberMask(binding.Diff(result.Value, expected).Bits & ~(policyMembers & conflicts).Bits);
                Assert.True(wrong.IsEmpty, $"merged value differs on {Gens.Names(binding, wrong)} (conflicts {Gens.Names(binding, conflicts)}, {context})");

                // Deterministic: merging again gives the same content.
                Assert.True(binding.Diff(result.Value, binding.Merge(@base, ours, theirs, context).Value).IsEmpty);
            }, iter: Iterations);
    }

    /// <summary>Swapping ours and theirs, with priority and recency swapped too, gives the same content and conflicts.</summary>
    private static void SwapLaw<T>(Gen<T> gen)
        where T : ILayered<T>
    {
        var binding = Bindings.Of<T>();
        Gen.Select(Gen.Select(gen, gen, gen), Gens.Mask(binding.MemberCount), Gens.Mask(binding.MemberCount), Contexts)
            .Sample((values, maskA, maskB, context) =>
            {
                var (@base, x, y) = values;
                var a = binding.Apply(@base, x, maskA);
                var b = binding.Apply(@base, y, maskB);

                var forward = binding.Merge(@base, a, b, context);
                var backward = binding.Merge(@base, b, a, new MergeContext(!context.OursHasPriority, !context.TheirsIsNewer));

                Assert.Equal(forward.Conflicts, backward.Conflicts);
                var wrong = binding.Diff(forward.Value, backward.Value);
                Assert.True(wrong.IsEmpty, $"arrival order changed {Gens.Names(binding, wrong)}");
            }, iter: Iterations);
    }
}
