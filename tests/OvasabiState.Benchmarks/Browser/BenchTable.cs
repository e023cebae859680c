using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace OvasabiState.Benchmarks.Browser;

/// <summary>The runner's markdown report: a header saying when, where and how, then one row per figure of ours with its case's anchor.</summary>
internal static class BenchTable
{
    public static string Render(IReadOnlyList<BenchFigure> figures, string browserVersion, string userAgent, BrowserBenchOptions options, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Browser: headless Chromium ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Cpu()}, {Environment.ProcessorCount} logical cores visible, {RuntimeInformation.OSDescription}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Browser: Chromium {browserVersion} headless (`{userAgent}`)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Method: published sample (Release, interpreter + jiterpreter), served with COOP/COEP (5 µs timers), `/bench?suite={string.Join(',', options.Suites)}` run by `browser`{(options.Quick ? " --quick (smoke run: not figures to quote)" : "")}; {elapsed.TotalMinutes:F1} min");
        if (figures.Any(f => f.Suite == FrameRateBench.Suite))
        {
            text.AppendLine("- fps: `/analytics?particles=N` (ours) vs `&mode=render-only` (anchor) in a 1280x720 viewport; 3 s warm-up, then requestAnimationFrame callbacks counted over 10 s; modes alternated; median of 3 rounds (ratio: ours / anchor, higher is better)");
        }

        text.AppendLine();
        text.AppendLine("| suite | case | subject | value | unit | anchor | anchor value | ratio |");
        text.AppendLine("|---|---|---|---:|---|---|---:|---:|");
        foreach (var group in figures.GroupBy(f => (f.Suite, f.Case)))
        {
            var anchor = group.FirstOrDefault(f => f.IsAnchor);
            foreach (var figure in group.Where(f => !f.IsAnchor))
            {
                var ratio = anchor is { Value: > 0 } ? Format(figure.Value / anchor.Value, figure.Value / anchor.Value < 0.01 ? "0.0000" : "F2") : "";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {figure.Suite} | {figure.Case} | {figure.Subject} | {Value(figure.Value)} | {figure.Unit} | {anchor?.Subject ?? ""} | {(anchor is null ? "" : Value(anchor.Value))} | {ratio} |");
            }

            if (group.All(f => f.IsAnchor))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {anchor!.Suite} | {anchor.Case} | | | {anchor.Unit} | {anchor.Subject} | {Value(anchor.Value)} | |");
            }
        }

        return text.ToString();
    }

    private static string Value(double value) => Format(value, Math.Abs(value) >= 100 ? "F1" : "F3");

    private static string Format(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Cpu()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
