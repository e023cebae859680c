using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Support;
using Xunit;

namespace OvasabiState.Tests;

/// <summary>
/// What the generator derives from the attributes: the registry, the IndexedDB store schemas,
/// layers, sync and retention, and the key and index values.
/// </summary>
public sealed partial class SchemaAndRegistryTests
{
    private static readonly IStateBinding[] TestRecords =
    [
        Bindings.Of<ComputeStateRecord>(),
        Bindings.Of<UserPreferencesRecord>(),
        Bindings.Of<UserSessionRecord>(),
        Bindings.Of<CampaignStateRecord>(),
        Bindings.Of<PerformanceMetricsRecord>(),
        Bindings.Of<EdgeCaseRecord>(),
    ];

    [Fact]
    public void TheBindingIsOneInstanceReachedThroughILayered()
    {
        Assert.Same(ComputeStateRecord.OvasabiStateBinding.Instance, Bindings.Of<ComputeStateRecord>());
        Assert.Same(UserPreferencesRecord.OvasabiStateBinding.Instance, Bindings.Of<UserPreferencesRecord>());
        Assert.Equal(typeof(ComputeStateRecord), Bindings.Of<ComputeStateRecord>().StateType);
        Assert.Equal("OvasabiState.Tests.Records.ComputeStateRecord", Bindings.Of<ComputeStateRecord>().TypeName);
        Assert.Equal("OvasabiState.Tests.Records.ComputeStateRecord (compute_states)", Bindings.Of<ComputeStateRecord>().ToString());
    }

    [Fact]
    public void TheRegistryHoldsEveryRecordOfTheAssembly()
    {
        _ = ComputeStateRecord.OvasabiStateBinding.Instance;
        var all = StateBindingRegistry.All;

        foreach (var binding in TestRecords)
        {
            Assert.Contains(binding, all);
            Assert.Same(binding, StateBindingRegistry.Find(binding.StateType));
            Assert.Same(binding, StateBindingRegistry.FindStore(binding.Schema.Name));
        }

        Assert.Same(Bindings.Of<ComputeStateRecord>(), StateBindingRegistry.FindStore("compute_states"));
        Assert.Same(Bindings.Of<Records.Evolution.V2.Widget>(), StateBindingRegistry.FindStore("widgets_v2"));
        Assert.Null(StateBindingRegistry.FindStore("no_such_store"));
        Assert.Null(StateBindingRegistry.FindStore("COMPUTE_STATES"));
        Assert.Null(StateBindingRegistry.Find(typeof(Milestone)));
        Assert.Equal(all.Count, all.Select(b => b.StateType).Distinct().Count());
        Assert.Equal(all.Count, all.Select(b => b.Schema.Name).Distinct().Count());
    }

    [Fact]
    public void RegisteringAgainAddsNothing()
    {
        var before = StateBindingRegistry.All.Count;
        StateBindingRegistry.Register(TestRecords);
        Assert.Equal(before, StateBindingRegistry.All.Count);
    }

    [Fact]
    public void StoresKeysAndLayersFollowTheAttributes()
    {
        AssertStore<ComputeStateRecord>("compute_states", "Id", [StateLayer.Memory, StateLayer.IndexedDb, StateLayer.Local], SyncMode.Realtime, TimeSpan.FromDays(7));
        AssertStore<UserPreferencesRecord>("user_preferences", null, [StateLayer.Memory, StateLayer.Local], SyncMode.Realtime, null);
        AssertStore<UserSessionRecord>("user_sessions", "SessionId", [StateLayer.Memory, StateLayer.Session], SyncMode.Realtime, null);
        AssertStore<CampaignStateRecord>("campaign_states", "CampaignId", [StateLayer.Memory, StateLayer.IndexedDb, StateLayer.Local, StateLayer.Session], SyncMode.Periodic, null);
        AssertStore<PerformanceMetricsRecord>("performance_metrics", "Id", [StateLayer.Memory, StateLayer.IndexedDb], SyncMode.Periodic, TimeSpan.FromDays(1));
        AssertStore<EdgeCaseRecord>("edge_cases", "Id", [StateLayer.Memory, StateLayer.IndexedDb, StateLayer.Local, StateLayer.Session], SyncMode.Realtime, null);

        Assert.False(Bindings.Of<UserPreferencesRecord>().HasKey);
        Assert.True(Bindings.Of<ComputeStateRecord>().HasKey);
    }

    [Fact]
    public void MembersArePersistedInDeclarationOrder()
    {
        Assert.Equal(["Id", "Type", "Data", "Params", "Timestamp", "Performance"], Bindings.Of<ComputeStateRecord>().MemberNames);
        Assert.Equal(["CampaignId", "Name", "Status", "Owner", "Audiences", "Budgets", "Milestones", "Notes"], Bindings.Of<CampaignStateRecord>().MemberNames);
        Assert.Equal(["SessionId", "UserId", "StartedAt", "LastSeenAt", "PageViews"], Bindings.Of<UserSessionRecord>().MemberNames);

        var edge = Bindings.Of<EdgeCaseRecord>();
        Assert.Equal(41, edge.MemberCount);
        Assert.Equal("Field", edge.MemberNames[^1]);
        Assert.DoesNotContain("Cache", edge.MemberNames);    // [Transient]
        Assert.DoesNotContain("Computed", edge.MemberNames); // get-only, computed

        var metrics = Bindings.Of<PerformanceMetricsRecord>().Schema.Members;
        Assert.Equal(MergePolicy.Max, metrics.Single(m => m.Name == "PeakFps").Policy);
        Assert.Equal(MergePolicy.Add, metrics.Single(m => m.Name == "FrameCount").Policy);
        Assert.Equal(MergePolicy.LayerPriority, metrics.Single(m => m.Name == "Tags").Policy);
        Assert.Equal("string[]", metrics.Single(m => m.Name == "Tags").TypeName);
        Assert.Equal(MergePolicy.Union, Bindings.Of<CampaignStateRecord>().Schema.Members.Single(m => m.Name == "Audiences").Policy);
        Assert.Equal(MergePolicy.Newest, Bindings.Of<UserSessionRecord>().Schema.Members.Single(m => m.Name == "LastSeenAt").Policy);
    }

    [Fact]
    public void IndexesIncludeCompoundAndMultiEntry()
    {
        var compute = Bindings.Of<ComputeStateRecord>().Schema;
        Assert.Equal(["Type", "Timestamp", "type_time"], compute.Indexes.Select(i => i.Name));
        var typeTime = compute.Indexes.Single(i => i.Name == "type_time");
        Assert.Equal(["Type", "Timestamp"], typeTime.KeyPath);
        Assert.True(typeTime.IsCompound);
        Assert.False(typeTime.Unique);
        Assert.False(typeTime.MultiEntry);
        Assert.False(compute.Indexes[0].IsCompound);
        Assert.Equal(["Type", "Timestamp"], compute.IndexedMembers);

        var campaign = Bindings.Of<CampaignStateRecord>().Schema;
        Assert.Equal(["Status", "Owner"], campaign.Indexes.Single(i => i.Name == "status_owner").KeyPath);
        Assert.Equal(["Status", "Owner"], campaign.IndexedMembers);

        var metrics = Bindings.Of<PerformanceMetricsRecord>().Schema;
        var tags = metrics.Indexes.Single(i => i.Name == "Tags");
        Assert.True(tags.MultiEntry);
        Assert.Equal(["Tags"], tags.KeyPath);
        Assert.False(metrics.Indexes.Single(i => i.Name == "RecordedAt").MultiEntry);
        Assert.Equal(["RecordedAt", "Tags"], metrics.IndexedMembers);

        Assert.Empty(Bindings.Of<EdgeCaseRecord>().Schema.Indexes);
        Assert.Empty(Bindings.Of<UserPreferencesRecord>().Schema.IndexedMembers);
    }

    [Fact]
    public void SchemaHashIsA64BitHashOfTheStoreShape()
    {
        foreach (var binding in TestRecords)
        {
            Assert.Matches(HexHash(), binding.Schema.Hash);
            Assert.Equal(1, binding.Schema.Version);
        }

        Assert.Equal(ComputeStateRecord.OvasabiStateBinding.SchemaHash, Bindings.Of<ComputeStateRecord>().Schema.Hash);
        Assert.Equal(TestRecords.Length, TestRecords.Select(b => b.Schema.Hash).Distinct().Count());

        // Any change in shape changes the hash: here, appended members.
        Assert.NotEqual(Bindings.Of<Records.Evolution.V1.Widget>().Schema.Hash, Bindings.Of<Records.Evolution.V2.Widget>().Schema.Hash);
    }

    [Fact]
    public void SchemaHashIsStableAcrossBuilds()
    {
        // A changed hash makes every browser upgrade its database, so these values may change
        // only together with the shape of the record (or a deliberate change of the hash itself).
        Assert.Equal("9d77f688df8e0e54", Bindings.Of<ComputeStateRecord>().Schema.Hash);
        Assert.Equal("c22071174d0a9f9c", Bindings.Of<CampaignStateRecord>().Schema.Hash);

        // What goes into the hash, and nothing else: store, key, version, each member's name and
        // declared type, each index with its flags.
        const string records = "global::OvasabiState.Tests.Records.";
        Assert.Equal(
            Fnv1A64("store=compute_states;key=Id;version=1;member=Id:string;member=Type:string;member=Data:float[];" +
                    $"member=Params:{records}SimulationParams;member=Timestamp:long;member=Performance:{records}PerformanceSnapshot;" +
                    "index=Type:Type;index=Timestamp:Timestamp;index=type_time:Type,Timestamp"),
            Bindings.Of<ComputeStateRecord>().Schema.Hash);
        Assert.Equal(
            Fnv1A64("store=performance_metrics;key=Id;version=1;member=Id:global::System.Guid;member=RecordedAt:global::System.DateTimeOffset;" +
                    "member=PeakFps:double;member=FrameCount:long;member=FrameTimes:global::System.Collections.Generic.List<double>;" +
                    "member=Tags:string[];index=RecordedAt:RecordedAt;index=Tags:Tags:multi"),
            Bindings.Of<PerformanceMetricsRecord>().Schema.Hash);
        Assert.Equal(
            Fnv1A64($"store=user_preferences;key=;version=1;member=Theme:{records}Theme;member=ParticleCount:int;member=ShowOverlay:bool;member=Language:string"),
            Bindings.Of<UserPreferencesRecord>().Schema.Hash);
    }

    [Fact]
    public void KeysAndIndexedValuesAreExtracted()
    {
        var compute = Bindings.Of<ComputeStateRecord>();
        var state = new ComputeStateRecord { Id = "c1", Type = "fluid", Timestamp = 1234 };
        Assert.Equal(IndexKey.From("c1"), compute.GetKey(state));
        Assert.Equal(IndexKey.From("fluid"), compute.GetIndexedValue(state, 0));
        Assert.Equal(IndexKey.From(1234L), compute.GetIndexedValue(state, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => compute.GetIndexedValue(state, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => compute.GetIndexedValue(state, -1));

        var campaigns = Bindings.Of<CampaignStateRecord>();
        var campaign = new CampaignStateRecord(42, "n", CampaignStatus.Paused) { Owner = "ana" };
        Assert.Equal(IndexKey.From(42L), campaigns.GetKey(campaign));
        Assert.Equal(IndexKey.From((double)CampaignStatus.Paused), campaigns.GetIndexedValue(campaign, 0));
        Assert.Equal(IndexKey.From("ana"), campaigns.GetIndexedValue(campaign, 1));

        var metrics = Bindings.Of<PerformanceMetricsRecord>();
        var id = Guid.NewGuid();
        var at = new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.FromHours(3));
        var sample = new PerformanceMetricsRecord { Id = id, RecordedAt = at, Tags = ["gpu", null!, "webgl"] };
        Assert.Equal(IndexKey.From(id.ToString("D", CultureInfo.InvariantCulture)), metrics.GetKey(sample));
        Assert.Equal(IndexKeyKind.Date, metrics.GetIndexedValue(sample, 0).Kind);
        Assert.Equal(at.ToUnixTimeMilliseconds(), metrics.GetIndexedValue(sample, 0).Number);
        Assert.Equal(IndexKey.Array(IndexKey.From("gpu"), IndexKey.From("webgl")), metrics.GetIndexedValue(sample, 1));
        Assert.Equal(IndexKey.None, metrics.GetIndexedValue(sample with { Tags = null! }, 1));

        Assert.Equal(IndexKey.Singleton, Bindings.Of<UserPreferencesRecord>().GetKey(new UserPreferencesRecord()));
        Assert.Equal(IndexKey.From("s-1"), Bindings.Of<UserSessionRecord>().GetKey(new UserSessionRecord { SessionId = "s-1" }));
        Assert.Equal(IndexKey.From(-7L), Bindings.Of<EdgeCaseRecord>().GetKey(new EdgeCaseRecord { Id = -7 }));
    }

    [Fact]
    public void CreateDefaultUsesTheInitializers()
    {
        var preferences = Bindings.Of<UserPreferencesRecord>().CreateDefault();
        Assert.Equal(new UserPreferencesRecord(), preferences);
        Assert.Equal(10_000, preferences.ParticleCount);
        Assert.True(preferences.ShowOverlay);
        Assert.Equal("en", preferences.Language);

        var compute = Bindings.Of<ComputeStateRecord>().CreateDefault();
        Assert.Empty(compute.Data);
        Assert.Equal(new SimulationParams(), compute.Params);
        Assert.True(Bindings.Of<UserSessionRecord>().CreateDefault().IsVisible);
        Assert.NotSame(Bindings.Of<CampaignStateRecord>().CreateDefault().Audiences, Bindings.Of<CampaignStateRecord>().CreateDefault().Audiences);
    }

    /// <summary>64-bit FNV-1a of the UTF-8 text, as lower-case hex: the generator's schema hash.</summary>
    private static string Fnv1A64(string canonical)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(canonical))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static void AssertStore<T>(string store, string? keyPath, StateLayer[] layers, SyncMode sync, TimeSpan? retention)
        where T : ILayered<T>
    {
        var binding = Bindings.Of<T>();
        Assert.Equal(store, binding.Schema.Name);
        Assert.Equal(keyPath, binding.Schema.KeyPath);
        Assert.Equal(layers, binding.Layers);
        Assert.Equal(sync, binding.Sync);
        Assert.Equal(retention, binding.Retention);
        Assert.Equal(binding.Schema.Members.Select(m => m.Name), binding.MemberNames);
    }

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex HexHash();
}
