using OvasabiState.Sample.Records;
using OvasabiState.Sync;

namespace OvasabiState.Sample.Components;

/// <summary>The records the demo buttons write: plausible, varied, and deterministic per id.</summary>
public static class DemoData
{
    private static readonly string[] Names = ["Winter launch", "Spring sale", "Back to school", "Summer festival", "Black Friday", "New year"];
    private static readonly string[] Audiences = ["students", "teachers", "parents", "alumni", "staff", "partners"];

    public static CampaignStateRecord Campaign(long id) =>
        new(id, Names[(int)(id % Names.Length)], (CampaignStatus)(id % 4))
        {
            Owner = id % 2 == 0 ? "marketing@example.test" : "growth@example.test",
            Audiences = [Audiences[(int)(id % Audiences.Length)], Audiences[(int)((id + 2) % Audiences.Length)]],
            Budgets = new() { ["search"] = (int)(1000 + id * 50), ["social"] = (int)(500 + id * 25) },
            Milestones = [new Milestone { Title = "Brief", Done = true }, new Milestone { Title = "Launch" }],
            Notes = "Created on the state management page",
        };

    /// <summary>A metrics sample from the runtime's storage timings (the flush latencies of each layer).</summary>
    public static PerformanceMetricsRecord MetricsSample(DateTimeOffset at, StateMetrics metrics) => new()
    {
        Id = Guid.NewGuid(),
        RecordedAt = at,
        FrameCount = metrics.Layers.Sum(l => l.Writes.Count),
        FrameTimes = metrics.Layers.Select(l => Math.Round(l.Writes.Mean.TotalMilliseconds, 3)).ToList(),
        PeakFps = 0,
        Tags = ["dashboard", "flush"],
    };
}
