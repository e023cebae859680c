namespace OvasabiState.Sample.Bench;

/// <summary>
/// The IndexedDB benchmark's record: a string key, an indexed rank (the range queries), a group
/// and ~150 B of payload, the shape the raw baseline (wwwroot/js/bench-raw-idb.js) stores too.
/// Manual sync, so a benchmark decides when the flush happens and can time it alone.
/// </summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb], Store = "bench_items", Sync = SyncMode.Manual)]
public partial record BenchItemRecord
{
    [StateKey] public required string Id { get; init; }

    [Indexed] public long Rank { get; init; }

    public string Group { get; init; } = "";

    public byte[] Payload { get; init; } = [];
}
