using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace OvasabiState.Tests.Simulation;

/// <summary>
/// The proof that writes are never lost and conflicts are decided alike everywhere: thousands of
/// seeded schedules (see <see cref="SyncSimulator"/>), each checked for (a) no acknowledged write
/// lost silently, (b) every tab and layer converging once messages stop and tabs reload, and (c)
/// the same outcome whatever order the tabs catch up in. A failure prints its seed;
/// <c>OVS_SIM_SEED=n</c> replays that one schedule with its steps, <c>OVS_SIM_SCHEDULES=n</c> runs
/// more (the soak: 1,000,000, see README).
/// </summary>
public sealed class SimulatorTests
{
    private const int Steps = 40;

    [Fact]
    public void Every_schedule_keeps_acknowledged_writes_converges_and_does_not_depend_on_catch_up_order()
    {
        var only = Environment.GetEnvironmentVariable("OVS_SIM_SEED");
        var count = int.TryParse(Environment.GetEnvironmentVariable("OVS_SIM_SCHEDULES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        var seeds = only is not null ? [int.Parse(only, CultureInfo.InvariantCulture)] : Enumerable.Range(1, count).ToArray();
        var failures = new ConcurrentBag<(int Seed, string Report)>();
        Parallel.ForEach(seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (seed, state) =>
        {
            if (Check(seed, verbose: only is not null) is { } report)
            {
                failures.Add((seed, report));
                state.Stop();
            }
        });

        if (!failures.IsEmpty)
        {
            var (seed, report) = failures.OrderBy(f => f.Seed).First();
            Assert.Fail($"schedule {seed} failed (replay: OVS_SIM_SEED={seed}):\n{report}");
        }
    }

    /// <summary>Null when the schedule keeps every invariant, else what broke (and the steps, when verbose).</summary>
    private static string? Check(int seed, bool verbose)
    {
        var first = SyncSimulator.Run(seed, catchUpSeed: seed * 7 + 1, Steps);
        var problems = first.Problems.ToList();
        if (problems.Count == 0)
        {
            // (c) Another catch-up order of the same schedule ends the same.
            var second = SyncSimulator.Run(seed, catchUpSeed: seed * 13 + 5, Steps);
            problems.AddRange(second.Problems);
            foreach (var (key, value) in first.Final)
            {
                if (!Equals(value, (second.Final.TryGetValue(key, out var other) ? other : null)))
                {
                    problems.Add($"(c) {key} ends as {value?.ToString() ?? "deleted"} in one catch-up order and as {(second.Final.TryGetValue(key, out var again) ? again : null)?.ToString() ?? "deleted"} in another");
                }
            }
        }

        if (problems.Count == 0 && !verbose)
        {
            return null;
        }

        var report = string.Join('\n', problems) + "\n--- steps ---\n" + string.Join('\n', first.Trace) + (problems.Count == 0 ? "\n(no failure)" : string.Empty);
        if (verbose && problems.Exists(p => p.StartsWith("(c)", StringComparison.Ordinal)))
        {
            var second = SyncSimulator.Run(seed, catchUpSeed: seed * 13 + 5, Steps);
            report += "\n--- the other catch-up order ---\n" + string.Join('\n', second.Trace.SkipWhile(t => !t.StartsWith("10000", StringComparison.Ordinal)));
        }

        return report;
    }
}
