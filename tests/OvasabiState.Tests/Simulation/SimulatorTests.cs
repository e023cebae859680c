using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using System.Collections.Generic;
using Xunit;
using Xunit.Abstractions;

namespace OvasabiState.Tests.Simulation;

/// <summary>
/// The proof that writes are never lost and conflicts are decided alike everywhere: thousands of
/// seeded schedules (see <see cref="SyncSimulator"/>), each checked for (a) no acknowledged write
/// lost silently, (b) every tab and layer converging once messages stop and tabs reload, and (c)
/// the same outcome whatever order the tabs catch up in. A failure prints its seed;
/// <c>OVS_SIM_SEED=n</c> replays that one schedule with its steps, <c>OVS_SIM_SCHEDULES=n</c> runs
/// more (the soak: 1,000,000, see README).
/// </summary>
public sealed class SimulatorTests(ITestOutputHelper output)
{
    private const int Steps = 40;

    [Fact]
    public void Every_schedule_keeps_acknowledged_writes_converges_and_does_not_depend_on_catch_up_order()
    {
        var only = Environment.GetEnvironmentVariable("OVS_SIM_SEED");
        var count = int.TryParse(Environment.GetEnvironmentVariable("OVS_SIM_SCHEDULES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        if (only is not null)
        {
            // Replay one schedule with its steps, failing or not.
            var (problems, report) = Check(int.Parse(only, CultureInfo.InvariantCulture));
            output.WriteLine(report);
            Assert.True(problems.Count == 0, $"schedule {only} failed:\n{string.Join('\n', problems)}");
            return;
        }

        var failures = new ConcurrentBag<(int Seed, string Report)>();
        Parallel.ForEach(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (seed, state) =>
        {
            var (problems, report) = Check(seed);
            if (problems.Count > 0)
            {
                failures.Add((seed, report));
                state.Stop();
            }
        });

        output.WriteLine($"{count} schedules of {Steps} steps, each caught up in two orders");
        if (!failures.IsEmpty)
        {
            var (seed, report) = failures.OrderBy(f => f.Seed).First();
            Assert.Fail($"schedule {seed} failed (replay: OVS_SIM_SEED={seed}):\n{report}");
        }
    }

    /// <summary>Schedules beyond the first 10,000 that the soak found failing once, replayed in every run.</summary>
    [Theory]
    [InlineData(588525)] // a merge parked by a user switch while it waited for its conflict entry stayed pending forever
    [InlineData(630652)] // a tab that took over a closed tab's row took its sessionStorage view too, and brought an old copy back
    [InlineData(650987)] // the catch-up gave a layer that had failed less time than the retry backoff needs
    public void A_schedule_the_soak_once_failed_passes(int seed)
    {
        var (problems, report) = Check(seed);
        Assert.True(problems.Count == 0, $"schedule {seed} failed:\n{string.Join('\n', problems)}\n{report}");
    }

    /// <summary>What broke in schedule <paramref name="seed"/> (empty when nothing did), and its steps.</summary>
    private static (List<string> Problems, string Report) Check(int seed)
    {
        var first = SyncSimulator.Run(seed, catchUpSeed: seed * 7 + 1, Steps);
        var problems = first.Problems.ToList();
        var report = string.Join('\n', first.Trace);
        if (problems.Count == 0)
        {
            // (c) Another catch-up order of the same schedule ends the same.
            var second = SyncSimulator.Run(seed, catchUpSeed: seed * 13 + 5, Steps);
            problems.AddRange(second.Problems);
            foreach (var (key, value) in first.Final)
            {
                var other = second.Final.TryGetValue(key, out var found) ? found : null;
                if (!Equals(value, other))
                {
                    problems.Add($"(c) {key} ends as {value?.ToString() ?? "deleted"} in one catch-up order and as {other?.ToString() ?? "deleted"} in another");
                }
            }

            report += "\n--- the other catch-up order ---\n" + string.Join('\n', second.Trace.SkipWhile(t => !t.StartsWith("10000", StringComparison.Ordinal)));
        }

        return (problems, string.Join('\n', problems) + "\n--- steps ---\n" + report);
    }
}
