using System.Diagnostics;
using OvasabiState.Pools;
using OvasabiState.Sample.Records;

namespace OvasabiState.Sample.Components.State;

/// <summary>
/// A small, repeatable serializer workload for the live performance charts: a batch of campaign
/// records (strings and collections) and one 10,000-float compute state, written into a pooled
/// buffer and read back. A few milliseconds per sample, so the page stays responsive.
/// </summary>
public sealed class SerializerProbe(StateBinding<CampaignStateRecord> campaigns, StateBinding<ComputeStateRecord> computes)
{
    private const int CampaignRounds = 200;
    private const int ComputeRounds = 5;
    private readonly CampaignStateRecord _campaign = DemoData.Campaign(7);
    private readonly ComputeStateRecord _compute = new()
    {
        Id = "probe",
        Type = "particle_simulation",
        Data = Enumerable.Range(0, 10_000).Select(i => i * 0.25f).ToArray(),
    };

    public readonly record struct Rates(double SerializeMBps, double DeserializeMBps, double ComputeSerializeMBps);

    public Rates Measure()
    {
        using var lease = StateBufferPool.Shared.Rent();
        var buffer = lease.Buffer;

        var started = Stopwatch.GetTimestamp();
        long bytes = 0;
        for (var i = 0; i < CampaignRounds; i++)
        {
            buffer.Reset();
            campaigns.Serialize(_campaign, buffer);
            bytes += buffer.WrittenCount;
        }

        var serialize = Rate(bytes, started);
        started = Stopwatch.GetTimestamp();
        for (var i = 0; i < CampaignRounds; i++)
        {
            _ = campaigns.Deserialize(buffer.WrittenSpan);
        }

        var deserialize = Rate(bytes, started);
        started = Stopwatch.GetTimestamp();
        bytes = 0;
        for (var i = 0; i < ComputeRounds; i++)
        {
            buffer.Reset();
            computes.Serialize(_compute, buffer);
            bytes += buffer.WrittenCount;
        }

        return new Rates(serialize, deserialize, Rate(bytes, started));
    }

    private static double Rate(long bytes, long started) =>
        bytes / 1048576.0 / Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-9);
}
