namespace OvasabiState.Sample.Records;

/// <summary>The brief's compute state: a particle buffer with its parameters and performance.</summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb, StateLayer.Local],
         Store = "compute_states", Sync = SyncMode.Realtime, Retention = "7.00:00:00")]
[CompoundIndex("type_time", nameof(Type), nameof(Timestamp))]
public partial record ComputeStateRecord
{
    [StateKey] public required string Id { get; init; }

    [Indexed] public required string Type { get; init; }

    public float[] Data { get; init; } = [];

    public SimulationParams Params { get; init; } = new();

    [Indexed] public long Timestamp { get; init; }

    public PerformanceSnapshot Performance { get; init; }
}

public sealed record SimulationParams
{
    public float DeltaTime { get; init; } = 1f / 60f;

    public float Gravity { get; init; } = -9.81f;

    public int ParticleCount { get; init; } = 10_000;
}

public record struct PerformanceSnapshot(double Fps, double Throughput, double Latency);
