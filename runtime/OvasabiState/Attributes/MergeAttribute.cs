using System;

namespace OvasabiState;

/// <summary>How a conflict on this member (changed on both sides) is resolved.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class MergeAttribute : Attribute
{
    /// <summary>Uses <paramref name="policy"/> for conflicts on this member.</summary>
    public MergeAttribute(MergePolicy policy) => Policy = policy;

    /// <summary>The policy.</summary>
    public MergePolicy Policy { get; }
}
