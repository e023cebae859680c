using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;

namespace OvasabiState.Benchmarks.Browser;

/// <summary>
/// The <c>fps</c> step: the Analytics page's frame rate with the simulation (ours: C# step, handoff
/// and Three.js draw) against the page's render-only mode (the anchor: Three.js drawing the same
/// seeded points with the same geometry, material and canvas, and no step or handoff), at each N.
/// Each load waits for the page, warms up, then counts animation frames over a window with a
/// requestAnimationFrame callback of its own, injected the same way into both modes: every
/// callback of a frame runs in the same turn, so it counts exactly the frames the page presents.
/// Modes alternate within a round, the first mode alternates between rounds, and the figure is the
/// median over rounds.
/// </summary>
internal sealed class FrameRateBench(IBrowserContext context, string baseUrl, List<string> errors, bool quick)
{
    public const string Suite = "fps";

    private const string Ours = "ours: simulate + handoff + draw";
    private const string Anchor = "three.js draw only";

    private static readonly int[] Counts = [10_000, 100_000, 1_000_000];

    // Counts frames over `ms` by rAF timestamps: (frames - 1) intervals between the first and last.
    private const string CountFrames = """
        ms => new Promise(resolve => {
          let frames = 0, first = 0, last = 0;
          const start = performance.now();
          const tick = time => {
            if (frames === 0) first = time;
            last = time;
            frames++;
            if (performance.now() - start < ms) requestAnimationFrame(tick);
            else resolve([frames, frames > 1 ? (frames - 1) * 1000 / (last - first) : 0]);
          };
          requestAnimationFrame(tick);
        })
        """;

    private TimeSpan Warmup => TimeSpan.FromSeconds(quick ? 1 : 3);

    private TimeSpan Window => TimeSpan.FromSeconds(quick ? 2 : 10);

    private int Rounds => quick ? 1 : 3;

    /// <summary>Runs every N (a count whose page fails to start or time out is reported and skipped) and returns the figures.</summary>
    public async Task<IReadOnlyList<BenchFigure>> RunAsync()
    {
        var figures = new List<BenchFigure>();
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"fps: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"fps: {error}");

        foreach (var count in Counts)
        {
            var label = count.ToString("N0", CultureInfo.InvariantCulture);
            var ours = new List<double>();
            var anchor = new List<double>();
            try
            {
                for (var round = 0; round < Rounds; round++)
                {
                    // Alternate which mode goes first, so a drift of the machine's load hits both alike.
                    foreach (var renderOnly in round % 2 == 0 ? new[] { false, true } : [true, false])
                    {
                        var fps = await MeasureAsync(page, count, renderOnly);
                        (renderOnly ? anchor : ours).Add(fps);
                        Console.Error.WriteLine($"browser: fps {label} round {round + 1} {(renderOnly ? "render-only" : "simulate")}: {fps:F1} FPS");
                    }
                }
            }
            catch (Exception exception) when (exception is TimeoutException or PlaywrightException or InvalidOperationException)
            {
                Console.Error.WriteLine($"browser: fps {label} stopped: {exception.Message}");
                continue;
            }

            figures.Add(new BenchFigure(Suite, $"frame rate {label}", Ours, Median(ours), "FPS", false, ours.Count));
            figures.Add(new BenchFigure(Suite, $"frame rate {label}", Anchor, Median(anchor), "FPS", true, anchor.Count));
        }

        await page.CloseAsync();
        return figures;
    }

    /// <summary>One load of the page in one mode: ready, warm-up, then the frames counted over the window.</summary>
    private async Task<double> MeasureAsync(IPage page, int count, bool renderOnly)
    {
        var mode = renderOnly ? "&mode=render-only" : "";
        await page.GotoAsync($"{baseUrl}analytics?particles={count.ToString(CultureInfo.InvariantCulture)}{mode}");
        await page.Locator("#analytics-ready").Filter(new() { HasText = "ready" }).WaitForAsync(new() { Timeout = 120_000 });
        if (await page.Locator("#analytics-error").CountAsync() > 0)
        {
            throw new InvalidOperationException(await page.TextContentAsync("#analytics-error"));
        }

        await Task.Delay(Warmup);
        var result = await page.EvaluateAsync<double[]>(CountFrames, Window.TotalMilliseconds); // [frames, fps]
        var shown = await page.TextContentAsync("#fps");
        Console.Error.WriteLine($"browser: fps {count} {(renderOnly ? "render-only" : "simulate")}: {result[0]:F0} frames, page #fps {shown}, " +
            $"step {await page.TextContentAsync("#sim-ms")} ms, handoff {await page.TextContentAsync("#handoff-ms")} ms");
        return result[1];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
