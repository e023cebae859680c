using System;
using System.Collections.Generic;

namespace OvasabiState.Tests.Records;

/// <summary>Every supported member kind, for round-trip and law tests.</summary>
[Layered(Store = "edge_cases")]
public partial record EdgeCaseRecord
{
    [StateKey] public int Id { get; init; }

    public bool Flag { get; init; }
    public byte Byte { get; init; }
    public sbyte SByte { get; init; }
    public short Short { get; init; }
    public ushort UShort { get; init; }
    public char Char { get; init; }
    public int Int { get; init; }
    public uint UInt { get; init; }
    public long Long { get; init; }
    public ulong ULong { get; init; }
    public nint NInt { get; init; }
    public float Float { get; init; }
    public double Double { get; init; }
    public decimal Decimal { get; init; }
    public string Text { get; init; } = "";
    public string? MaybeText { get; init; }
    public Guid Guid { get; init; }
    public DateTime Date { get; init; }
    public DateTimeOffset Moment { get; init; }
    public TimeSpan Span { get; init; }
    public Theme Theme { get; init; }
    public CampaignStatus Status { get; init; }
    public int? MaybeInt { get; init; }
    public Theme? MaybeTheme { get; init; }
    public DateTime? MaybeDate { get; init; }
    public byte[]? Bytes { get; init; }
    public double[] Doubles { get; init; } = [];
    public string?[] Strings { get; init; } = [];
    public int[][] Jagged { get; init; } = [];
    public List<int> IntList { get; init; } = [];
    public List<string> StringList { get; init; } = [];
    public IReadOnlyList<long> LongView { get; init; } = [];
    public IReadOnlyList<Guid> GuidView { get; init; } = [];
    public Dictionary<string, double> Scores { get; init; } = new();
    public Dictionary<string, List<string>> Groups { get; init; } = new();
    public Milestone? Milestone { get; init; }
    public List<Milestone> Milestones { get; init; } = [];
    public PerformanceSnapshot Snapshot { get; init; }
    public PerformanceSnapshot? MaybeSnapshot { get; init; }
    public int Field;

    [Transient] public object? Cache { get; init; }

    public int Computed => Int * 2;
}
