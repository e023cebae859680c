using System;
using System.Collections.Generic;

namespace OvasabiState.Versions;

/// <summary>
/// For each persisted member of a copy, the version of the write that last set it
/// (<see cref="StateVersion.None"/> for a member no write set: it still has the value the record
/// was created with by default). Two copies
/// that both changed a member are decided by these: the later write of that member wins (or the
/// member's merge policy), whatever order the copies met in, so every tab reaches the same value.
/// Immutable. Most copies were written whole by one write: that case holds no array.
/// </summary>
public sealed class MemberVersions : IEquatable<MemberVersions>
{
    private readonly StateVersion _uniform;
    private readonly StateVersion[]? _versions;

    private MemberVersions(StateVersion uniform, StateVersion[]? versions)
    {
        _uniform = uniform;
        _versions = versions;
    }

    /// <summary>Every member set by one write.</summary>
    public static MemberVersions Uniform(StateVersion version) => new(version, null);

    /// <summary>
    /// Members set by different writes. Members past the end of <paramref name="versions"/> (added to
    /// the type after the copy was written) count as set with <paramref name="fallback"/>.
    /// </summary>
    public static MemberVersions Of(StateVersion fallback, StateVersion[] versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        foreach (var version in versions)
        {
            if (version != fallback)
            {
                return new MemberVersions(fallback, versions);
            }
        }

        return Uniform(fallback);
    }

    /// <summary>True when one write set every member.</summary>
    public bool IsUniform => _versions is null;

    /// <summary>The version of every member not listed (all of them when <see cref="IsUniform"/>).</summary>
    public StateVersion Fallback => _uniform;

    /// <summary>How many members are listed one by one (0 when <see cref="IsUniform"/>).</summary>
    public int Count => _versions?.Length ?? 0;

    /// <summary>The version of the write that last set member <paramref name="ordinal"/>.</summary>
    public StateVersion this[int ordinal] => _versions is { } versions && ordinal < versions.Length ? versions[ordinal] : _uniform;

    /// <summary>These versions with the members in <paramref name="changed"/> set by <paramref name="version"/>.</summary>
    public MemberVersions With(MemberMask changed, StateVersion version, int memberCount)
    {
        if (changed.IsEmpty)
        {
            return this;
        }

        if (changed == MemberMask.All(memberCount))
        {
            return Uniform(version);
        }

        var versions = new StateVersion[memberCount];
        for (var ordinal = 0; ordinal < memberCount; ordinal++)
        {
            versions[ordinal] = changed.Contains(ordinal) ? version : this[ordinal];
        }

        return Of(version, versions);
    }

    /// <summary>
    /// What a delete of a copy with these versions leaves: each member erased right after the
    /// write the delete saw (<see cref="StateVersion.Erasure"/>), so a later write of the member
    /// survives the delete and an earlier one does not, whichever copy meets the delete first.
    /// </summary>
    public MemberVersions Erased()
    {
        if (_versions is not { } versions)
        {
            return Uniform(_uniform.Erasure);
        }

        var erased = new StateVersion[versions.Length];
        for (var ordinal = 0; ordinal < erased.Length; ordinal++)
        {
            erased[ordinal] = versions[ordinal].Erasure;
        }

        return Of(_uniform.Erasure, erased);
    }

    /// <summary>Each member's later version of <paramref name="left"/> and <paramref name="right"/>; one of them when it is already that.</summary>
    public static MemberVersions Latest(MemberVersions left, MemberVersions right, int memberCount)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var latest = new StateVersion[memberCount];
        bool leftHolds = true, rightHolds = true;
        for (var ordinal = 0; ordinal < memberCount; ordinal++)
        {
            latest[ordinal] = StateVersion.Max(left[ordinal], right[ordinal]);
            leftHolds &= latest[ordinal] == left[ordinal];
            rightHolds &= latest[ordinal] == right[ordinal];
        }

        return leftHolds ? left : rightHolds ? right : Of(StateVersion.Max(left.Fallback, right.Fallback), latest);
    }

    /// <summary>The newest member version (the copy's own version for a copy written whole).</summary>
    public StateVersion Newest(int memberCount)
    {
        var newest = _uniform;
        for (var ordinal = 0; ordinal < Math.Min(memberCount, Count); ordinal++)
        {
            newest = StateVersion.Max(newest, this[ordinal]);
        }

        return newest;
    }

    /// <summary>The distinct versions, the fallback first.</summary>
    public IReadOnlyList<StateVersion> Distinct()
    {
        var distinct = new List<StateVersion> { _uniform };
        if (_versions is { } versions)
        {
            foreach (var version in versions)
            {
                if (!distinct.Contains(version))
                {
                    distinct.Add(version);
                }
            }
        }

        return distinct;
    }

    /// <inheritdoc />
    public bool Equals(MemberVersions? other)
    {
        if (other is null)
        {
            return false;
        }

        var count = Math.Max(Count, other.Count);
        if (count == 0)
        {
            return _uniform == other._uniform;
        }

        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            if (this[ordinal] != other[ordinal])
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MemberVersions);

    /// <inheritdoc />
    public override int GetHashCode() => _uniform.GetHashCode();
}
