using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using OvasabiState.Sample.Simulation;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// The Analytics page's per-frame work without the canvas, at 10,000 / 50,000 / 100,000 /
/// 1,000,000 particles: the C# step (<see cref="ParticleStep.Step"/>, Vector128, ours), the same
/// step as a scalar C# loop (what vectorizing gains), the plain-JavaScript step on Float32Arrays
/// (the anchor: the target is C# at most 2x it), and the handoff of the positions to JavaScript
/// (MemoryView copied into a preallocated buffer, as the page does). Every figure is a median in
/// ms per frame after a warm-up long enough for the jiterpreter to compile the loops; each sample
/// times a batch of frames so that short ones stay above the browser timer's resolution.
/// </summary>
[SupportedOSPlatform("browser")]
public sealed class ParticlesSuite : IBenchSuite
{
    private static readonly int[] Counts = [10_000, 50_000, 100_000, 1_000_000];

    // A sample lasts at least this long (performance.now() is coarsened to 0.1 ms without cross-origin isolation).
    private const double MinSampleMs = 2;

    public string Name => "particles";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await ParticlesInterop.EnsureImportedAsync();
        foreach (var count in Counts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RunCountAsync(report, count, cancellationToken);
        }
    }

    private static async Task RunCountAsync(BenchReport report, int count, CancellationToken cancellationToken)
    {
        var label = count.ToString("N0", CultureInfo.InvariantCulture);
        // ~3 million particle steps of warm-up, at least 20 frames; ~30 samples at 1,000,000, more below.
        var warmup = Math.Max(20, 3_000_000 / count);
        var samples = count >= 1_000_000 ? 15 : 31;

        using var simulation = new ParticleSimulation(count);
        var parameters = StepParameters.From(simulation.Parameters);
        using var velocities = Pools.ComputeBufferPool.Shared.Rent(count * 3);
        ParticleSeeding.SeedVelocities(velocities.Span, ParticleSeeding.DefaultSeed);

        // Ours: the vector step, as the page runs it.
        var step = await MeasureAsync(simulation.Step, warmup, samples, cancellationToken);
        report.Ours($"step {label}", "C# Vector128", step.Median, "ms", step.Samples);

        // The scalar loop on the same data.
        var scalar = await MeasureAsync(() => ParticleStep.StepScalar(simulation.Positions, velocities.Span, parameters), warmup, samples, cancellationToken);
        report.Ours($"step {label}", "C# scalar", scalar.Median, "ms", scalar.Samples);

        // The anchor: the same math in plain JavaScript, timed inside JS.
        var jsBatch = Math.Max(1, 1_000_000 / count);
        var js = ParticlesInterop.BenchJsStep(count, warmup, samples, jsBatch, parameters.DeltaTime, parameters.Gravity, parameters.Bound,
            parameters.StiffnessX, parameters.StiffnessY, parameters.StiffnessZ);
        report.Anchor($"step {label}", "plain JS", js, "ms", samples);

        // The handoff alone, into a preallocated JS buffer.
        ParticlesInterop.BenchPrepare(count);
        var handoff = await MeasureAsync(() => ParticlesInterop.BenchUpload(MemoryMarshal.AsBytes(simulation.Positions)), warmup, samples, cancellationToken);
        report.Ours($"handoff {label}", "MemoryView copyTo", handoff.Median, "ms", handoff.Samples);
        report.Ours($"step + handoff {label}", "C#", step.Median + handoff.Median, "ms", step.Samples);
        ParticlesInterop.BenchPrepare(0);
    }

    /// <summary>Warms <paramref name="frame"/> up, then takes the median of <paramref name="samples"/> batched timings (ms per call).</summary>
    private static async Task<(double Median, int Samples)> MeasureAsync(Action frame, int warmup, int samples, CancellationToken cancellationToken)
    {
        for (var i = 0; i < warmup; i++)
        {
            frame();
        }

        // Batch size: enough calls per sample to last MinSampleMs.
        var probe = Stopwatch.GetTimestamp();
        frame();
        var oneMs = Math.Max(Stopwatch.GetElapsedTime(probe).TotalMilliseconds, 0.001);
        var batch = (int)Math.Clamp(Math.Ceiling(MinSampleMs / oneMs), 1, 10_000);

        var times = new List<double>(samples);
        for (var s = 0; s < samples; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            for (var b = 0; b < batch; b++)
            {
                frame();
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds / batch);
            if (s % 8 == 7)
            {
                await Task.Delay(1, cancellationToken); // let the page paint and the runner poll
            }
        }

        return (BenchStatistics.Median(times), samples);
    }
}
