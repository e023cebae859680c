using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text;

namespace OvasabiState;

/// <summary>
/// A set of persisted members of a layered record, by declaration ordinal (0 to 63). Returned by
/// diffs (which members differ) and merges (which members were in conflict).
/// </summary>
public readonly record struct MemberMask
{
    /// <summary>Creates a mask from its raw bits.</summary>
    public MemberMask(ulong bits) => Bits = bits;

    /// <summary>The empty set.</summary>
    public static MemberMask None => default;

    /// <summary>Bit <c>i</c> is set when member <c>i</c> is in the set.</summary>
    public ulong Bits { get; }

    /// <summary>True when no member is in the set.</summary>
    public bool IsEmpty => Bits == 0;

    /// <summary>Number of members in the set.</summary>
    public int Count => BitOperations.PopCount(Bits);

    /// <summary>The set of the first <paramref name="memberCount"/> members.</summary>
    public static MemberMask All(int memberCount) =>
        memberCount >= 64 ? new(ulong.MaxValue) : new((1UL << memberCount) - 1);

    /// <summary>A set holding only <paramref name="ordinal"/>.</summary>
    public static MemberMask Of(int ordinal) => new(1UL << ordinal);

    /// <summary>True when member <paramref name="ordinal"/> is in the set.</summary>
    public bool Contains(int ordinal) => (Bits & (1UL << ordinal)) != 0;

    /// <summary>This set plus <paramref name="ordinal"/>.</summary>
    public MemberMask With(int ordinal) => new(Bits | (1UL << ordinal));

    /// <summary>Members in either set.</summary>
    public static MemberMask operator |(MemberMask left, MemberMask right) => new(left.Bits | right.Bits);

    /// <summary>Members in both sets.</summary>
    public static MemberMask operator &(MemberMask left, MemberMask right) => new(left.Bits & right.Bits);

    /// <summary>Members in either set (named alternative of <c>|</c>).</summary>
    public static MemberMask BitwiseOr(MemberMask left, MemberMask right) => left | right;

    /// <summary>Members in both sets (named alternative of <c>&amp;</c>).</summary>
    public static MemberMask BitwiseAnd(MemberMask left, MemberMask right) => left & right;

    /// <summary>The ordinals in the set, ascending.</summary>
    public IEnumerable<int> Ordinals()
    {
        var bits = Bits;
        while (bits != 0)
        {
            yield return BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
        }
    }

    /// <summary>The names of the members in the set, given the record's member names.</summary>
    public IReadOnlyList<string> Names(IReadOnlyList<string> memberNames)
    {
        ArgumentNullException.ThrowIfNull(memberNames);
        var names = new List<string>(Count);
        foreach (var ordinal in Ordinals())
        {
            names.Add(ordinal < memberNames.Count ? memberNames[ordinal] : $"#{ordinal}");
        }

        return names;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder("{");
        foreach (var ordinal in Ordinals())
        {
            text.Append(text.Length > 1 ? ", " : string.Empty).Append(ordinal);
        }

        return text.Append('}').ToString();
    }
}
