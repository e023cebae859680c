using System.Collections.Generic;
using System.Text.Json.Serialization;
using MemoryPack;
using MessagePack;

namespace OvasabiState.Benchmarks;

// One type per shape carries every library's attributes, so all serializers see the same data.

/// <summary>The compute-state shape: an id, a type, 10,000 floats and a few numbers.</summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb], Store = "bench_compute")]
[MemoryPackable]
[MessagePackObject]
public partial record BenchCompute
{
    [StateKey, Key(0)] public string Id { get; init; } = "";
    [Key(1)] public string Type { get; init; } = "";
    [Key(2)] public float[] Data { get; init; } = [];
    [Key(3)] public long Timestamp { get; init; }
    [Key(4)] public double Fps { get; init; }
    [Key(5)] public double Latency { get; init; }
}

/// <summary>The user-preferences shape: a handful of scalars.</summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.Local], Store = "bench_preferences")]
[MemoryPackable]
[MessagePackObject]
public partial record BenchPreferences
{
    [Key(0)] public int Theme { get; init; }
    [Key(1)] public int ParticleCount { get; init; }
    [Key(2)] public bool ShowOverlay { get; init; }
    [Key(3)] public string Language { get; init; } = "en";
    [Key(4)] public double Volume { get; init; }
}

/// <summary>The campaign shape: strings and collections.</summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb], Store = "bench_campaign")]
[MemoryPackable]
[MessagePackObject]
public partial record BenchCampaign
{
    [StateKey, Key(0)] public long CampaignId { get; init; }
    [Key(1)] public string Name { get; init; } = "";
    [Key(2)] public string Owner { get; init; } = "";
    [Key(3)] public int Status { get; init; }
    [Key(4)] public List<string> Audiences { get; init; } = [];
    [Key(5)] public Dictionary<string, int> Budgets { get; init; } = new();
    [Key(6)] public string? Notes { get; init; }
}

[JsonSerializable(typeof(BenchCompute))]
[JsonSerializable(typeof(BenchPreferences))]
[JsonSerializable(typeof(BenchCampaign))]
public partial class BenchJsonContext : JsonSerializerContext;
