using System.Collections.Generic;
using Xunit;

namespace OvasabiState.Generators.Tests;

/// <summary>
/// Valid [Layered] types that the snapshot, compile and caching tests share. The first five are
/// the brief's records (the shapes of tests/OvasabiState.Tests/Records); each input is
/// self-contained, so it compiles alone.
/// </summary>
internal static class TestInputs
{
    // Test inputs are not documented: CS1591 is off in them, but stays on for generated files.
    private const string Header = """
        #pragma warning disable CS1591 // Test input; generated files are still checked.
        using System;
        using System.Collections.Generic;
        using OvasabiState;

        """;

    public const string ComputeState = Header + """
        namespace OvasabiState.Samples;

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
        """;

    public const string PerformanceMetrics = Header + """
        namespace OvasabiState.Samples;

        [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb], Store = "performance_metrics",
                 Sync = SyncMode.Periodic, Retention = "1.00:00:00")]
        public partial record PerformanceMetricsRecord
        {
            [StateKey] public Guid Id { get; init; }

            [Indexed] public DateTimeOffset RecordedAt { get; init; }

            [Merge(MergePolicy.Max)] public double PeakFps { get; init; }

            [Merge(MergePolicy.Add)] public long FrameCount { get; init; }

            public List<double> FrameTimes { get; init; } = [];

            [Indexed(MultiEntry = true)] public string[] Tags { get; init; } = [];
        }
        """;

    public const string UserSession = Header + """
        namespace OvasabiState.Samples;

        [Layered(Priority = [StateLayer.Memory, StateLayer.Session], Store = "user_sessions", Sync = SyncMode.Realtime)]
        public partial class UserSessionRecord
        {
            [StateKey] public string SessionId { get; set; } = "";

            public string UserId { get; set; } = "";

            public DateTime StartedAt { get; set; }

            [Merge(MergePolicy.Newest)] public DateTime LastSeenAt { get; set; }

            public int PageViews { get; set; }

            [Transient] public bool IsVisible { get; set; } = true;
        }
        """;

    public const string CampaignState = Header + """
        namespace OvasabiState.Samples;

        public enum CampaignStatus : byte
        {
            Draft,
            Running,
            Paused,
            Finished,
        }

        [Layered(Store = "campaign_states", Sync = SyncMode.Periodic)]
        [CompoundIndex("status_owner", nameof(Status), nameof(Owner))]
        public partial record CampaignStateRecord(
            [property: StateKey] long CampaignId,
            string Name,
            [property: Indexed] CampaignStatus Status)
        {
            [Indexed] public string Owner { get; init; } = "";

            [Merge(MergePolicy.Union)] public List<string> Audiences { get; init; } = [];

            public Dictionary<string, int> Budgets { get; init; } = new();

            public IReadOnlyList<Milestone> Milestones { get; init; } = [];

            public string? Notes { get; init; }
        }

        public sealed class Milestone
        {
            public string Title { get; set; } = "";

            public bool Done { get; set; }
        }
        """;

    public const string UserPreferences = Header + """
        namespace OvasabiState.Samples;

        public enum Theme
        {
            System,
            Light,
            Dark,
        }

        [Layered(Priority = [StateLayer.Memory, StateLayer.Local], Store = "user_preferences")]
        public partial record struct UserPreferencesRecord()
        {
            public Theme Theme { get; set; } = Theme.System;

            public int ParticleCount { get; set; } = 10_000;

            public bool ShowOverlay { get; set; } = true;

            public string Language { get; set; } = "en";
        }
        """;

    /// <summary>Every supported member kind, and the ones that are skipped (transient, computed, read-only).</summary>
    public const string EdgeCase = Header + """
        namespace OvasabiState.Samples.Edge;

        public enum Theme { System, Light, Dark }

        public enum Status : byte { Draft, Running }

        public enum Wide : long { Small = 1, Large = long.MaxValue }

        public sealed class Milestone
        {
            public string Title { get; set; } = "";

            public bool Done { get; set; }

            public DateTime? DueAt { get; set; }
        }

        public record struct Snapshot(double Fps, double Latency);

        public struct Point
        {
            public int X;

            public int Y;
        }

        [Layered(Store = "edge_cases", SchemaVersion = 3)]
        [CompoundIndex("status_date", nameof(Status), nameof(Date), Unique = true)]
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
            public nuint NUInt { get; init; }
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
            public Status Status { get; init; }
            public Wide Wide { get; init; }
            public int? MaybeInt { get; init; }
            public Theme? MaybeTheme { get; init; }
            public DateTime? MaybeDate { get; init; }
            public byte[]? Bytes { get; init; }
            public double[] Doubles { get; init; } = [];
            public Theme[] Themes { get; init; } = [];
            public string?[] Strings { get; init; } = [];
            public int[][] Jagged { get; init; } = [];
            public int?[] MaybeInts { get; init; } = [];
            public List<int> IntList { get; init; } = [];
            public List<string> StringList { get; init; } = [];
            public List<Guid?> MaybeGuids { get; init; } = [];
            public IReadOnlyList<long> LongView { get; init; } = [];
            public IReadOnlyList<Guid> GuidView { get; init; } = [];
            public IReadOnlyList<string> StringView { get; init; } = [];
            public Dictionary<string, double> Scores { get; init; } = new();
            public Dictionary<string, List<string>> Groups { get; init; } = new();
            public Dictionary<string, Milestone> MilestonesByName { get; init; } = new();
            public Dictionary<string, string?> Labels { get; init; } = new();
            public Milestone? Milestone { get; init; }
            public List<Milestone> Milestones { get; init; } = [];
            public Milestone?[] MaybeMilestones { get; init; } = [];
            public Snapshot Snapshot { get; init; }
            public Snapshot? MaybeSnapshot { get; init; }
            public List<Snapshot> Snapshots { get; init; } = [];
            public Point Point { get; init; }
            public int Field;
            public required string RequiredText { get; init; }

            [Indexed(Name = "by_tag", MultiEntry = true)] public List<string> Tags { get; init; } = [];
            [Indexed(Unique = true)] public Guid? ExternalId { get; init; }
            [Merge(MergePolicy.Max)] public string Highest { get; init; } = "";
            [Merge(MergePolicy.Min)] public DateTime? Earliest { get; init; }
            [Merge(MergePolicy.Add)] public int Counter { get; init; }
            [Merge(MergePolicy.Union)] public Dictionary<string, int> Totals { get; init; } = new();
            [Merge(MergePolicy.Union)] public string[] Keywords { get; init; } = [];
            [Merge(MergePolicy.Newest)] public Milestone? Latest { get; init; }

            [Transient] public object? Cache { get; init; }
            [Transient] public required object Handle { get; init; }

            public int Computed => Int * 2;

            public const int Version = 3;

            public static int Shared { get; set; }
        }
        """;

    /// <summary>A record inside partial containing types (two levels).</summary>
    public const string NestedInContainingType = Header + """
        namespace OvasabiState.Samples;

        public static partial class Screens
        {
            public partial class Dashboard
            {
                [Layered(Priority = [StateLayer.Memory, StateLayer.Session])]
                public partial record PanelState
                {
                    public bool Collapsed { get; init; }

                    public List<string> Pinned { get; init; } = [];
                }
            }
        }
        """;

    /// <summary>A record in the global namespace (no namespace declaration in generated files).</summary>
    public const string GlobalNamespace = Header + """
        [Layered(Priority = [StateLayer.Memory, StateLayer.Local], Store = "global_counter")]
        public partial class GlobalCounter
        {
            [Merge(MergePolicy.Add)] public long Clicks { get; set; }

            public string? LastButton { get; set; }
        }
        """;

    /// <summary>A positional record struct with the key on a primary-constructor parameter.</summary>
    public const string PositionalRecordStruct = Header + """
        namespace OvasabiState.Samples;

        [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb], Store = "points", SchemaVersion = 2)]
        public partial record struct PlotPoint(
            [property: StateKey] Guid Id,
            double X,
            double Y,
            [property: Indexed] string Series)
        {
            public string? Label { get; init; }

            [Transient] public bool Selected { get; set; }
        }
        """;

    /// <summary>Snapshot inputs by name (the name is the baseline folder).</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        [nameof(ComputeState)] = ComputeState,
        [nameof(PerformanceMetrics)] = PerformanceMetrics,
        [nameof(UserSession)] = UserSession,
        [nameof(CampaignState)] = CampaignState,
        [nameof(UserPreferences)] = UserPreferences,
        [nameof(EdgeCase)] = EdgeCase,
        [nameof(NestedInContainingType)] = NestedInContainingType,
        [nameof(GlobalNamespace)] = GlobalNamespace,
        [nameof(PositionalRecordStruct)] = PositionalRecordStruct,
    };

    /// <summary>The input names, as xunit theory data.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in All.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }
}
