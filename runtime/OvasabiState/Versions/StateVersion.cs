using System;
using System.Globalization;

namespace OvasabiState.Versions;

/// <summary>
/// The identity of one write of a record: a hybrid logical clock reading (<see cref="Clock"/>)
/// and the writer that made it (<see cref="Writer"/>). Every write gets a new version, so a
/// revert to an earlier value is a new version too; equal content is never taken for an equal
/// version. Versions are ordered by clock, then writer: a writer that has seen a version always
/// writes a greater one (see <see cref="HybridClock"/>), so the order is monotonic per record.
/// </summary>
/// <param name="Clock">Milliseconds since the Unix epoch shifted left 16 bits, plus a logical counter in the low 16 bits.</param>
/// <param name="Writer">The writer's id: a hash of the tab's instance id.</param>
public readonly record struct StateVersion(long Clock, ulong Writer) : IComparable<StateVersion>
{
    /// <summary>No version: a record no layer holds.</summary>
    public static StateVersion None => default;

    /// <summary>True for <see cref="None"/>.</summary>
    public bool IsNone => Clock == 0 && Writer == 0;

    /// <summary>
    /// The version of a member erased by a delete that saw this write of it: right after this
    /// version in version order and before every later write. Writers' ids are even (see
    /// <see cref="HybridClock.WriterId"/>), so the odd id names no write. <see cref="None"/> for
    /// <see cref="None"/> (a member never written stays never written).
    /// </summary>
    public StateVersion Erasure => IsNone ? None : new StateVersion(Clock, Writer | 1);

    /// <summary>True for an <see cref="Erasure"/>: a member a delete set back to its default.</summary>
    public bool IsErasure => (Writer & 1) != 0;

    /// <summary>The wall-clock part of <see cref="Clock"/> (an estimate of when it was written; never used for ordering).</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(Clock >> 16, 0, 253402300799999));

    /// <summary>
    /// The version as text, for the JavaScript side's compare-and-set and for cross-tab messages:
    /// <c>{clock:x}.{writer:x}</c>. Equal versions give equal text.
    /// </summary>
    public string Token => string.Create(CultureInfo.InvariantCulture, $"{Clock:x}.{Writer:x}");

    /// <summary>Reads a <see cref="Token"/>; false when the text is not one.</summary>
    public static bool TryParse(string? token, out StateVersion version)
    {
        version = default;
        if (token is null || token.Length > 33)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1 ||
            !long.TryParse(token.AsSpan(0, dot), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var clock) ||
            !ulong.TryParse(token.AsSpan(dot + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var writer))
        {
            return false;
        }

        version = new StateVersion(clock, writer);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(StateVersion other)
    {
        var byClock = Clock.CompareTo(other.Clock);
        return byClock != 0 ? byClock : Writer.CompareTo(other.Writer);
    }

    /// <summary>True when <paramref name="left"/> was written after <paramref name="right"/> in version order.</summary>
    public static bool operator >(StateVersion left, StateVersion right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> was written before <paramref name="right"/> in version order.</summary>
    public static bool operator <(StateVersion left, StateVersion right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is after or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(StateVersion left, StateVersion right) => left.CompareTo(right) >= 0;

    /// <summary>True when <paramref name="left"/> is before or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(StateVersion left, StateVersion right) => left.CompareTo(right) <= 0;

    /// <summary>The later of two versions.</summary>
    public static StateVersion Max(StateVersion left, StateVersion right) => left >= right ? left : right;

    /// <inheritdoc />
    public override string ToString() => IsNone ? "none" : Token;
}
