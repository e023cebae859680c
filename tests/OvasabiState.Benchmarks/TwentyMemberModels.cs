using System;
using System.Collections.Generic;

namespace OvasabiState.Benchmarks;

/// <summary>A 20-member record for the diff and merge benchmarks (the shape).</summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb], Store = "bench_twenty")]
public partial record BenchTwenty
{
    [StateKey] public string Id { get; init; } = "";
    public int A { get; init; }
    public int B { get; init; }
    public long C { get; init; }
    public double D { get; init; }
    public double E { get; init; }
    public float F { get; init; }
    public bool G { get; init; }
    public string H { get; init; } = "";
    public string I { get; init; } = "";
    public string? J { get; init; }
    public DateTime K { get; init; }
    public TimeSpan L { get; init; }
    public Guid M { get; init; }
    public decimal N { get; init; }
    public byte O { get; init; }
    public short P { get; init; }
    public float[] Q { get; init; } = [];
    public List<string> R { get; init; } = [];
    public int? S { get; init; }
}

/// <summary>A small record for the hydration benchmark.</summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb], Store = "bench_items")]
public partial record BenchItem
{
    [StateKey] public int Id { get; init; }
    [Indexed] public string Kind { get; init; } = "";
    public double Value { get; init; }
    public float[] Samples { get; init; } = [];
}
