using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OvasabiState.Sample.Records;
using OvasabiState.Serialization;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// Our generated serializer against System.Text.Json source-generated (<see cref="BenchJsonContext"/>,
/// the anchor), in WebAssembly on the interpreter + jiterpreter: serialize into a reused buffer
/// and deserialize from bytes, for a compute state with 10,000 floats, the preferences singleton
/// and a campaign with collections. Each sample times a batch of calls lasting at least
/// <see cref="MinSampleMs"/> (the clock is 5 µs precise under COOP/COEP, 100 µs without); the
/// figure is the median per call, after warm-up batches. The payload sizes are listed too.
/// </summary>
public sealed class SerializerSuite : IBenchSuite
{
    private const string Stj = "System.Text.Json (source-generated)";
    private const string Ours = "ours (generated binding)";

    /// <summary>The shortest batch: well above the coarsest browser timer (0.1 ms).</summary>
    private const double MinSampleMs = 2;

    public string Name => "serializer";

    public Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var batches = report.Quick ? 3 : 15;
        Shape(report, "compute, 10,000 floats", Compute(), ComputeStateRecord.OvasabiStateBinding.Instance, BenchJsonContext.Default.ComputeStateRecord, batches, cancellationToken);
        Shape(report, "preferences", new UserPreferencesRecord { Theme = Theme.Dark, ParticleCount = 50_000, ShowOverlay = false, Language = "en-GB" },
            UserPreferencesRecord.OvasabiStateBinding.Instance, BenchJsonContext.Default.UserPreferencesRecord, batches, cancellationToken);
        Shape(report, "campaign", Campaign(), CampaignStateRecord.OvasabiStateBinding.Instance, BenchJsonContext.Default.CampaignStateRecord, batches, cancellationToken);
        return Task.CompletedTask;
    }

    private static void Shape<T>(BenchReport report, string shape, T value, StateBinding<T> binding, JsonTypeInfo<T> json, int batches, CancellationToken cancellationToken)
    {
        using var ours = new StateBuffer(64 * 1024);
        var other = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(other);
        binding.Serialize(value, ours);
        var oursBytes = ours.WrittenSpan.ToArray();
        JsonSerializer.Serialize(writer, value, json);
        writer.Flush();
        var jsonBytes = other.WrittenSpan.ToArray();

        // Round-trip checks: a benchmark of a serializer that loses data would measure nothing.
        if (!binding.ContentEquals(binding.Deserialize(oursBytes), value))
        {
            throw new InvalidOperationException($"serializer: our round trip of {shape} changed the value");
        }

        if (!binding.ContentEquals(JsonSerializer.Deserialize(jsonBytes, json)!, value))
        {
            throw new InvalidOperationException($"serializer: the System.Text.Json round trip of {shape} changed the value");
        }

        Action[] operations =
        [
            () => { ours.Reset(); binding.Serialize(value, ours); },
            () => { other.ResetWrittenCount(); writer.Reset(); JsonSerializer.Serialize(writer, value, json); writer.Flush(); },
            () => _ = binding.Deserialize(oursBytes),
            () => _ = JsonSerializer.Deserialize(jsonBytes, json),
        ];

        // Calibrating runs each operation for a while too, which warms it up before the first kept batch.
        var sizes = operations.Select(Calibrate).ToArray();
        var samples = operations.Select(_ => new List<double>()).ToArray();
        var warmUp = Math.Max(1, batches / 3);
        for (var batch = 0; batch < warmUp + batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var op = 0; op < operations.Length; op++)
            {
                var perCall = PerCall(sizes[op], operations[op]);
                if (batch >= warmUp)
                {
                    samples[op].Add(perCall);
                }
            }
        }

        report.Ours($"serialize {shape}", Ours, BenchStatistics.Median(samples[0]) * 1000, "µs", batches * sizes[0]);
        report.Anchor($"serialize {shape}", Stj, BenchStatistics.Median(samples[1]) * 1000, "µs", batches * sizes[1]);
        report.Ours($"deserialize {shape}", Ours, BenchStatistics.Median(samples[2]) * 1000, "µs", batches * sizes[2]);
        report.Anchor($"deserialize {shape}", Stj, BenchStatistics.Median(samples[3]) * 1000, "µs", batches * sizes[3]);
        report.Anchor($"payload size {shape}", Stj, jsonBytes.Length, "B");
        report.Ours($"payload size {shape}", Ours, oursBytes.Length, "B");
    }

    /// <summary>How many calls of <paramref name="action"/> take at least <see cref="MinSampleMs"/>.</summary>
    private static int Calibrate(Action action)
    {
        var count = 1;
        while (PerCall(count, action) * count < MinSampleMs)
        {
            count *= 2;
        }

        return count;
    }

    /// <summary>ms per call of <paramref name="action"/>, over one batch of <paramref name="count"/> calls.</summary>
    private static double PerCall(int count, Action action)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / count;
    }

    private static ComputeStateRecord Compute() => new()
    {
        Id = "compute_123",
        Type = "particle_simulation",
        Timestamp = 1_700_000_000_000,
        Data = Enumerable.Range(0, 10_000).Select(i => i * 0.5f).ToArray(),
        Params = new SimulationParams { ParticleCount = 10_000 },
        Performance = new PerformanceSnapshot(60, 1.5e6, 16.6),
    };

    private static CampaignStateRecord Campaign() => new(42, "Winter launch", CampaignStatus.Running)
    {
        Owner = "marketing@example.test",
        Notes = "Budget review on Friday",
        Audiences = ["students", "teachers", "parents", "alumni", "staff"],
        Budgets = new Dictionary<string, int> { ["search"] = 1200, ["social"] = 800, ["display"] = 450, ["video"] = 2000 },
        Milestones = [new Milestone { Title = "Brief", Done = true }, new Milestone { Title = "Creative", Done = false }],
    };
}
