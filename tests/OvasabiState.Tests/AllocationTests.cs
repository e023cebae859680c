using System;
using System.Collections.Generic;
using System.Linq;
using OvasabiState.Serialization;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Support;
using Xunit;

namespace OvasabiState.Tests;

/// <summary>
/// Allocation budgets (not timings): steady-state serialization into a reused buffer allocates
/// nothing, and deserialization allocates little more than the objects it returns. Measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, which counts only this thread's allocations,
/// so tests running in parallel do not disturb it.
/// </summary>
public sealed class AllocationTests
{
    private const int Iterations = 100;

    private static readonly ComputeStateRecord Compute = new()
    {
        Id = "compute-1",
        Type = "particles",
        Data = Enumerable.Range(0, 10_000).Select(i => i * 0.5f).ToArray(),
        Timestamp = 1_700_000_000_000,
        Performance = new PerformanceSnapshot(60, 1e6, 0.25),
    };

    private static readonly UserPreferencesRecord Preferences = new() { Theme = Theme.Dark, Language = "pt-BR" };

    private static readonly CampaignStateRecord Campaign = new(7, "Spring launch", CampaignStatus.Running)
    {
        Owner = "ana",
        Audiences = ["students", "teachers", "\U0001F600 fans"],
        Budgets = new() { ["tv"] = 100, ["ads"] = 50, ["radio"] = 25, ["print"] = 5 },
        Milestones = [new Milestone { Title = "brief", Done = true }, new Milestone { Title = "launch" }],
        Notes = "a note longer than the short-string limit of the writer, so the counted path runs too",
    };

    [Fact]
    public void SerializingComputeStateIntoAReusedBufferAllocatesNothing() =>
        AssertSerializeAllocatesNothing(Bindings.Of<ComputeStateRecord>(), Compute);

    [Fact]
    public void SerializingUserPreferencesIntoAReusedBufferAllocatesNothing() =>
        AssertSerializeAllocatesNothing(Bindings.Of<UserPreferencesRecord>(), Preferences);

    [Fact]
    public void SerializingCampaignStateIntoAReusedBufferAllocatesNothing() =>
        AssertSerializeAllocatesNothing(Bindings.Of<CampaignStateRecord>(), Campaign);

    [Fact]
    public void SerializingLargeDictionariesAllocatesNothing()
    {
        // Big enough that sorting the keys takes the introsort path, not insertion sort.
        var budgets = Enumerable.Range(0, 500).ToDictionary(i => $"channel-{(i * 7919) % 500:D4}", i => i);
        AssertSerializeAllocatesNothing(Bindings.Of<CampaignStateRecord>(), Campaign with { Budgets = budgets });
    }

    [Fact]
    public void SerializingEdgeCasesAllocatesNothing() =>
        AssertSerializeAllocatesNothing(Bindings.Of<EdgeCaseRecord>(), new EdgeCaseRecord
        {
            Text = "text",
            Strings = ["a", null],
            Jagged = [[1, 2], []],
            IntList = [1],
            StringList = ["s"],
            LongView = new List<long> { 1, 2 },
            GuidView = [Guid.Empty],
            Scores = new() { ["b"] = 1, ["a"] = 2 },
            Groups = new() { ["g"] = ["x", "y"] },
            Milestone = new Milestone(),
            Milestones = [new Milestone()],
            MaybeInt = 1,
            MaybeSnapshot = new PerformanceSnapshot(1, 2, 3),
            MaybeDate = DateTime.UnixEpoch,
        });

    [Fact]
    public void ComputingTheContentHashAllocatesNothing()
    {
        var binding = Bindings.Of<CampaignStateRecord>();
        var expected = binding.ComputeHash(Campaign);

        var allocated = Measure(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                if (binding.ComputeHash(Campaign) != expected)
                {
                    throw new InvalidOperationException("hash changed");
                }
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void DeserializingComputeStateAllocatesOnlyTheResult()
    {
        var binding = Bindings.Of<ComputeStateRecord>();
        var payload = binding.Serialize(Compute);
        Assert.True(binding.Diff(Compute, binding.Deserialize(payload)).IsEmpty);

        var perRead = Measure(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                GC.KeepAlive(binding.Deserialize(payload));
            }
        }) / Iterations;

        // The float[10000] alone is 40,000 bytes plus its header; the record, two short strings
        // and the parameters object are the small overhead.
        Assert.InRange(perRead, 40_000, (long)(1.1 * (40_000 + 1_024)));
    }

    [Fact]
    public void DeserializingUserPreferencesAllocatesOnlyTheLanguageString()
    {
        var binding = Bindings.Of<UserPreferencesRecord>();
        var payload = binding.Serialize(Preferences);

        var languages = new string[Iterations];
        var perRead = Measure(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                languages[i] = binding.Deserialize(payload).Language; // no boxing of the struct
            }
        }) / Iterations;

        Assert.All(languages, l => Assert.Equal("pt-BR", l));

        // A record struct: the only object is the five-character string (about 32 bytes).
        Assert.InRange(perRead, 1, 48);
    }

    [Fact]
    public void SerializeToArrayAllocatesOnlyTheArray()
    {
        var binding = Bindings.Of<ComputeStateRecord>();
        var length = binding.Serialize(Compute).Length;

        var perCall = Measure(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                GC.KeepAlive(binding.Serialize(Compute));
            }
        }) / 10;

        Assert.InRange(perCall, length, length + 64);
    }

    private static void AssertSerializeAllocatesNothing<T>(StateBinding<T> binding, T value)
    {
        using var buffer = new StateBuffer(16);
        var expected = binding.Serialize(value);

        // Warm up: grow the buffer, JIT everything, create the cached static delegates.
        for (var i = 0; i < 3; i++)
        {
            buffer.Reset();
            binding.Serialize(value, buffer);
        }

        var capacity = buffer.Capacity;
        var allocated = Measure(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                buffer.Reset();
                binding.Serialize(value, buffer);
            }
        });

        Assert.True(expected.AsSpan().SequenceEqual(buffer.WrittenSpan), "the reused buffer holds different bytes");
        Assert.Equal(capacity, buffer.Capacity);
        Assert.True(allocated == 0, $"{Iterations} serializations of {typeof(T).Name} allocated {allocated} bytes");
    }

    private static long Measure(Action action)
    {
        action(); // warm-up run: JIT, static caches, first-use allocations
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
