using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MemoryPack;
using MessagePack;
using OvasabiState.Serialization;

namespace OvasabiState.Benchmarks;

/// <summary>
/// Serialize and deserialize three shapes: OvasabiState vs MemoryPack (the baseline), MessagePack
/// and System.Text.Json (source-generated). Writes go into a reused buffer for every library.
/// </summary>
[MemoryDiagnoser]
public class SerializerBenchmarks
{
    private readonly StateBuffer _ours = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _other = new(64 * 1024);
    private readonly Utf8JsonWriter _json = new(Stream.Null);
    private BenchCompute _compute = null!;
    private BenchPreferences _preferences = null!;
    private BenchCampaign _campaign = null!;
    private byte[] _oursBytes = null!;
    private byte[] _memoryPackBytes = null!;
    private byte[] _messagePackBytes = null!;
    private byte[] _jsonBytes = null!;

    [Params("compute10k", "preferences", "campaign")]
    public string Shape { get; set; } = "compute10k";

    [GlobalSetup]
    public void Setup()
    {
        _compute = new BenchCompute
        {
            Id = "compute_123",
            Type = "particle_simulation",
            Timestamp = 1_700_000_000_000,
            Data = Enumerable.Range(0, 10_000).Select(i => i * 0.5f).ToArray(),
            Fps = 60,
            Latency = 16.6,
        };
        _preferences = new BenchPreferences { Theme = 2, ParticleCount = 10_000, ShowOverlay = true, Language = "en-GB", Volume = 0.8 };
        _campaign = new BenchCampaign
        {
            CampaignId = 42,
            Name = "Winter launch",
            Owner = "marketing@example.test",
            Status = 1,
            Notes = "Budget review on Friday",
            Audiences = ["students", "teachers", "parents", "alumni", "staff"],
            Budgets = new Dictionary<string, int> { ["search"] = 1200, ["social"] = 800, ["display"] = 450, ["video"] = 2000 },
        };

        Ours_Serialize();
        _oursBytes = _ours.ToArray();
        MemoryPack_Serialize();
        _memoryPackBytes = _other.WrittenSpan.ToArray();
        MessagePack_Serialize();
        _messagePackBytes = _other.WrittenSpan.ToArray();
        Json_Serialize();
        _jsonBytes = _other.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true)]
    public int MemoryPack_Serialize()
    {
        _other.ResetWrittenCount();
        switch (Shape)
        {
            case "compute10k": MemoryPackSerializer.Serialize(_other, _compute); break;
            case "preferences": MemoryPackSerializer.Serialize(_other, _preferences); break;
            default: MemoryPackSerializer.Serialize(_other, _campaign); break;
        }

        return _other.WrittenCount;
    }

    [Benchmark]
    public int Ours_Serialize()
    {
        _ours.Reset();
        switch (Shape)
        {
            case "compute10k": BenchCompute.OvasabiStateBinding.Instance.Serialize(_compute, _ours); break;
            case "preferences": BenchPreferences.OvasabiStateBinding.Instance.Serialize(_preferences, _ours); break;
            default: BenchCampaign.OvasabiStateBinding.Instance.Serialize(_campaign, _ours); break;
        }

        return _ours.WrittenCount;
    }

    [Benchmark]
    public int MessagePack_Serialize()
    {
        _other.ResetWrittenCount();
        switch (Shape)
        {
            case "compute10k": MessagePackSerializer.Serialize(_other, _compute); break;
            case "preferences": MessagePackSerializer.Serialize(_other, _preferences); break;
            default: MessagePackSerializer.Serialize(_other, _campaign); break;
        }

        return _other.WrittenCount;
    }

    [Benchmark]
    public int Json_Serialize()
    {
        _other.ResetWrittenCount();
        _json.Reset(_other);
        switch (Shape)
        {
            case "compute10k": JsonSerializer.Serialize(_json, _compute, BenchJsonContext.Default.BenchCompute); break;
            case "preferences": JsonSerializer.Serialize(_json, _preferences, BenchJsonContext.Default.BenchPreferences); break;
            default: JsonSerializer.Serialize(_json, _campaign, BenchJsonContext.Default.BenchCampaign); break;
        }

        _json.Flush();
        return _other.WrittenCount;
    }

    [Benchmark]
    public object MemoryPack_Deserialize() => Shape switch
    {
        "compute10k" => MemoryPackSerializer.Deserialize<BenchCompute>(_memoryPackBytes)!,
        "preferences" => MemoryPackSerializer.Deserialize<BenchPreferences>(_memoryPackBytes)!,
        _ => MemoryPackSerializer.Deserialize<BenchCampaign>(_memoryPackBytes)!,
    };

    [Benchmark]
    public object Ours_Deserialize() => Shape switch
    {
        "compute10k" => BenchCompute.OvasabiStateBinding.Instance.Deserialize(_oursBytes),
        "preferences" => BenchPreferences.OvasabiStateBinding.Instance.Deserialize(_oursBytes),
        _ => BenchCampaign.OvasabiStateBinding.Instance.Deserialize(_oursBytes),
    };

    [Benchmark]
    public object MessagePack_Deserialize() => Shape switch
    {
        "compute10k" => MessagePackSerializer.Deserialize<BenchCompute>(_messagePackBytes),
        "preferences" => MessagePackSerializer.Deserialize<BenchPreferences>(_messagePackBytes),
        _ => MessagePackSerializer.Deserialize<BenchCampaign>(_messagePackBytes),
    };

    [Benchmark]
    public object Json_Deserialize() => Shape switch
    {
        "compute10k" => JsonSerializer.Deserialize(_jsonBytes, BenchJsonContext.Default.BenchCompute)!,
        "preferences" => JsonSerializer.Deserialize(_jsonBytes, BenchJsonContext.Default.BenchPreferences)!,
        _ => JsonSerializer.Deserialize(_jsonBytes, BenchJsonContext.Default.BenchCampaign)!,
    };
}
