namespace OvasabiState.Sample.Records;

/// <summary>
/// A saved particle simulation: the compute state of the Analytics page (positions, parameters,
/// time, performance), with the members of <see cref="ComputeStateRecord"/> plus the frame number.
/// </summary>
/// <remarks>
/// A type of its own rather than <see cref="ComputeStateRecord"/>, whose priority includes
/// localStorage: a snapshot weighs 12 bytes per particle (120 KB at 10,000, 12 MB at 1,000,000),
/// and localStorage holds about 5 MB of base64 text (4/3 of the bytes) per origin. Large snapshots
/// would be refused there on every retry, and even small ones would crowd out the records that
/// belong in localStorage (preferences, the device secret). IndexedDB alone is the durable copy;
/// memory keeps the snapshots this tab has read.
/// </remarks>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb],
         Store = "particle_snapshots", Sync = SyncMode.Realtime, Retention = "7.00:00:00")]
[CompoundIndex("type_time", nameof(Type), nameof(Timestamp))]
public partial record ParticleSnapshotRecord
{
    /// <summary>The <see cref="Type"/> of the Analytics page's snapshots.</summary>
    public const string ParticleType = "particle_simulation";

    [StateKey] public required string Id { get; init; }

    [Indexed] public required string Type { get; init; }

    /// <summary>Positions, x, y, z per particle.</summary>
    public float[] Data { get; init; } = [];

    public SimulationParams Params { get; init; } = new();

    /// <summary>When it was saved, in Unix milliseconds.</summary>
    [Indexed] public long Timestamp { get; init; }

    public PerformanceSnapshot Performance { get; init; }

    /// <summary>Simulation steps taken since the particles were seeded.</summary>
    public long Frame { get; init; }
}
