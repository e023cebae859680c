using System;

namespace OvasabiState.Sync;

/// <summary>How long one kind of storage operation has taken since start-up.</summary>
/// <param name="Count">Operations completed (failed ones included: a quota error costs time too).</param>
/// <param name="Total">Their summed duration.</param>
/// <param name="Last">The latest one.</param>
/// <param name="Max">The slowest one.</param>
public readonly record struct OperationTiming(long Count, TimeSpan Total, TimeSpan Last, TimeSpan Max)
{
    /// <summary>The mean duration; zero before the first operation.</summary>
    public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : Total / Count;

    internal OperationTiming Add(TimeSpan elapsed) =>
        new(Count + 1, Total + elapsed, elapsed, elapsed > Max ? elapsed : Max);
}
