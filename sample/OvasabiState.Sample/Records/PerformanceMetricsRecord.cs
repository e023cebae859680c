using System;
using System.Collections.Generic;

namespace OvasabiState.Sample.Records;

/// <summary>Performance samples, synced periodically and kept for a day.</summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb], Store = "performance_metrics",
         Sync = SyncMode.Periodic, Retention = "1.00:00:00")]
public partial record PerformanceMetricsRecord
{
    [StateKey] public Guid Id { get; init; }

    [Indexed] public DateTimeOffset RecordedAt { get; init; }

    [Merge(MergePolicy.Max)] public double PeakFps { get; init; }

    [Merge(MergePolicy.Add)] public long FrameCount { get; init; }

    public List<double> FrameTimes { get; init; } = [];

    [Indexed(MultiEntry = true)] public string[] Tags { get; init; } = [];
}
