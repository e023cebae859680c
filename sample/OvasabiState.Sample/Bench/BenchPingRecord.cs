namespace OvasabiState.Sample.Bench;

/// <summary>
/// The cross-tab benchmark's record: one key rewritten by the sending tab, carrying its wall-clock
/// send time (<c>performance.timeOrigin + now()</c>, shared by the tabs of one browser). Realtime,
/// so every write is flushed and announced to the other tabs on the next turn, as an app's would be.
/// </summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb], Store = "bench_pings", Sync = SyncMode.Realtime)]
public partial record BenchPingRecord
{
    [StateKey] public required string Id { get; init; }

    public int Sequence { get; init; }

    public double SentAt { get; init; }
}
