using System;
using System.Collections.Generic;
using System.Linq;

namespace OvasabiState.Benchmarks.Browser;

/// <summary>The <c>browser</c> command's arguments (see Program.cs).</summary>
internal sealed record BrowserBenchOptions(IReadOnlyList<string> Suites, string? Wwwroot, string? Output, bool Quick, string? Profile)
{
    /// <summary>
    /// The suites that need the runner's help: a listening second page, a page load after
    /// <c>hydration</c>, and the Analytics page's frame rate (<see cref="FrameRateBench"/>).
    /// </summary>
    public const string CrossTab = "crosstab";
    public const string Startup = "startup";
    public const string Fps = FrameRateBench.Suite;

    public static BrowserBenchOptions Parse(IReadOnlyList<string> args)
    {
        var suites = new List<string> { "all" };
        string? wwwroot = Environment.GetEnvironmentVariable("OVS_SAMPLE_WWWROOT") is { Length: > 0 } given ? given : null;
        string? output = null;
        var quick = false;
        string? profile = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--suite":
                    suites = Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                    break;
                case "--wwwroot":
                    wwwroot = Value(args, ref i);
                    break;
                case "--out":
                    output = Value(args, ref i);
                    break;
                case "--profile":
                    profile = Value(args, ref i);
                    break;
                case "--quick":
                    quick = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: browser [--suite all|a,b] [--wwwroot path] [--out file.md] [--quick] [--profile file.cpuprofile]");
            }
        }

        if (profile is not null && (suites.Count != 1 || suites[0] is "all" or CrossTab or Startup or Fps))
        {
            throw new ArgumentException("--profile profiles one suite of the first page load: give one --suite (not all, crosstab, startup or fps).");
        }

        return new BrowserBenchOptions(suites, wwwroot, output, quick, profile);
    }

    /// <summary>"all" also means the cross-tab, start-up and frame-rate suites.</summary>
    public bool Wants(string suite) => Suites.Contains(suite) || Suites.Contains("all");

    /// <summary>What the page runs in its first load: everything but cross-tab, start-up and fps, which the runner runs after.</summary>
    public string FirstRun => string.Join(',', Suites.Where(s => s is not (CrossTab or Startup or Fps)));

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
