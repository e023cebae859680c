using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Playwright;

namespace OvasabiState.Benchmarks.Browser;

/// <summary>
/// A Chromium CPU profile of the page while one suite runs (DevTools protocol, 100 µs sampling),
/// written as a .cpuprofile (open it in DevTools' Performance panel) and summed up as the
/// functions with the most self time. .NET code runs in the interpreter, so its time shows as the
/// runtime's wasm functions; JavaScript (the storage module, IndexedDB calls) shows by name.
/// </summary>
internal sealed class CpuProfile(ICDPSession session)
{
    public static async Task<CpuProfile> StartAsync(IBrowserContext context, IPage page)
    {
        var session = await context.NewCDPSessionAsync(page);
        await session.SendAsync("Profiler.enable");
        await session.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 100 });
        await session.SendAsync("Profiler.start");
        return new CpuProfile(session);
    }

    /// <summary>Stops, writes <paramref name="path"/> and <paramref name="path"/>.txt (the summary), and returns the summary.</summary>
    public async Task<string> StopAsync(string path, int top = 30)
    {
        var result = await session.SendAsync("Profiler.stop") ?? throw new InvalidOperationException("Profiler.stop returned nothing");
        var profile = result.GetProperty("profile");
        await File.WriteAllTextAsync(path, profile.GetRawText());

        var frames = new Dictionary<int, string>();
        foreach (var node in profile.GetProperty("nodes").EnumerateArray())
        {
            var frame = node.GetProperty("callFrame");
            var name = frame.GetProperty("functionName").GetString() is { Length: > 0 } function ? function : "(anonymous)";
            var url = frame.GetProperty("url").GetString() ?? "";
            frames[node.GetProperty("id").GetInt32()] = url.Length == 0 ? name : $"{name} ({Path.GetFileName(new Uri(url, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(url).AbsolutePath : url)})";
        }

        // Each sample's time is the delta to the next one: self time per frame.
        var samples = profile.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetDouble()).ToArray();
        var self = new Dictionary<string, double>();
        for (var i = 0; i < samples.Length - 1; i++)
        {
            var name = frames[samples[i]];
            self[name] = self.GetValueOrDefault(name) + deltas[i + 1] / 1000.0;
        }

        var total = self.Values.Sum();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"CPU profile: {total:F0} ms sampled; top {top} by self time");
        text.AppendLine("| function | self ms | share |");
        text.AppendLine("|---|---:|---:|");
        foreach (var (name, ms) in self.OrderByDescending(p => p.Value).Take(top))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {ms:F1} | {ms / total:P1} |");
        }

        var summary = text.ToString();
        await File.WriteAllTextAsync(path + ".txt", summary);
        await session.DetachAsync();
        return summary;
    }
}
