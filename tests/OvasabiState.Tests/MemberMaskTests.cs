using System.Linq;
using CsCheck;
using Xunit;

namespace OvasabiState.Tests;

/// <summary><see cref="MemberMask"/> is a set of member ordinals 0 to 63.</summary>
public sealed class MemberMaskTests
{
    [Fact]
    public void AllCoversTheFirstMembers()
    {
        Assert.True(MemberMask.All(0).IsEmpty);
        Assert.Equal(0b111UL, MemberMask.All(3).Bits);
        Assert.Equal(ulong.MaxValue >> 1, MemberMask.All(63).Bits);
        Assert.Equal(ulong.MaxValue, MemberMask.All(64).Bits);
        Assert.Equal(64, MemberMask.All(64).Count);
        Assert.Equal(MemberMask.None, default);
        Assert.True(MemberMask.None.IsEmpty);
    }

    [Fact]
    public void SingleMembersAndMembership()
    {
        var mask = MemberMask.Of(0).With(5).With(63);
        Assert.Equal(3, mask.Count);
        Assert.True(mask.Contains(0));
        Assert.True(mask.Contains(5));
        Assert.True(mask.Contains(63));
        Assert.False(mask.Contains(1));
        Assert.False(mask.Contains(62));
        Assert.Equal([0, 5, 63], mask.Ordinals());
        Assert.Equal(mask, mask.With(5));
        Assert.Equal("{0, 5, 63}", mask.ToString());
        Assert.Equal("{}", MemberMask.None.ToString());
    }

    [Fact]
    public void NamesUseTheMemberNamesInOrdinalOrder()
    {
        var names = new[] { "Id", "Name", "Status" };
        Assert.Equal(["Id", "Status"], MemberMask.Of(2).With(0).Names(names));
        Assert.Equal(["Name", "#7"], MemberMask.Of(1).With(7).Names(names));
        Assert.Empty(MemberMask.None.Names(names));
    }

    [Fact]
    public void SetOperationsFollowTheBits() =>
        Gen.Select(Gen.ULong, Gen.ULong).Sample((a, b) =>
        {
            var left = new MemberMask(a);
            var right = new MemberMask(b);
            Assert.Equal(a | b, (left | right).Bits);
            Assert.Equal(a & b, (left & right).Bits);
            Assert.Equal(left | right, MemberMask.BitwiseOr(left, right));
            Assert.Equal(left & right, MemberMask.BitwiseAnd(left, right));
            Assert.Equal(System.Numerics.BitOperations.PopCount(a), left.Count);
            Assert.Equal(a == 0, left.IsEmpty);

            var ordinals = left.Ordinals().ToList();
            Assert.Equal(ordinals.OrderBy(o => o), ordinals);
            Assert.Equal(left.Count, ordinals.Count);
            Assert.All(ordinals, o => Assert.True(left.Contains(o)));
            Assert.Equal(left, ordinals.Aggregate(MemberMask.None, (m, o) => m.With(o)));
            Assert.Equal(a == b, left == right);
        }, iter: 1000);
}
