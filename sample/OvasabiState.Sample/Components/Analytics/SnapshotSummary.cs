using OvasabiState.Sample.Records;

namespace OvasabiState.Sample.Components.Analytics;

/// <summary>What the snapshot list shows of a saved simulation (its positions stay in the store).</summary>
public sealed record SnapshotSummary(string Id, DateTimeOffset SavedAt, int Particles, long Frame, double Fps, int PayloadBytes)
{
    /// <summary>The summary of a stored snapshot.</summary>
    public static SnapshotSummary Of(ParticleSnapshotRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, DateTimeOffset.FromUnixTimeMilliseconds(record.Timestamp), record.Data.Length / 3, record.Frame,
            record.Performance.Fps, record.Data.Length * sizeof(float));
    }
}
