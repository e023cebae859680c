using System;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace OvasabiState.Benchmarks;

/// <summary>Diff, apply and three-way merge of a 20-member record (target: diff under 50 ns, 0 B).</summary>
[MemoryDiagnoser]
public class DiffBenchmarks
{
    private static readonly StateBinding<BenchTwenty> Binding = BenchTwenty.OvasabiStateBinding.Instance;
    private BenchTwenty _base = null!;
    private BenchTwenty _ours = null!;
    private BenchTwenty _theirs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _base = new BenchTwenty
        {
            Id = "r1",
            A = 1,
            B = 2,
            C = 3,
            D = 4.5,
            E = 5.5,
            F = 6.5f,
            G = true,
            H = "alpha",
            I = "beta",
            J = null,
            K = new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc),
            L = TimeSpan.FromMinutes(5),
            M = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
            N = 12.5m,
            O = 7,
            P = 8,
            Q = Enumerable.Range(0, 256).Select(i => (float)i).ToArray(),
            R = ["a", "b", "c"],
            S = 9,
        };

        // Equal content in fresh instances, so the diff compares every member instead of short-cutting on references.
        _ours = _base with { A = 10, Q = _base.Q.ToArray(), R = [.. _base.R], H = "alpha" };
        _theirs = _base with { D = 99.5, Q = _base.Q.ToArray(), R = [.. _base.R], I = new string("beta".AsSpan()) };
    }

    [Benchmark]
    public MemberMask Diff() => Binding.Diff(_base, _ours);

    [Benchmark]
    public BenchTwenty Apply() => Binding.Apply(_base, _ours, Binding.Diff(_base, _ours));

    [Benchmark]
    public MergeResult<BenchTwenty> Merge() => Binding.Merge(_base, _ours, _theirs, MergeContext.Default);
}
