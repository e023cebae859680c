using BenchmarkDotNet.Attributes;
using OvasabiState.Pools;

namespace OvasabiState.Benchmarks;

/// <summary>A particle frame's scratch buffer (100,000 particles x 4 floats): pooled versus a new array each frame.</summary>
[MemoryDiagnoser]
public class PoolBenchmarks
{
    private const int Floats = 400_000;
    private readonly ComputeBufferPool _pool = new();

    [Benchmark(Baseline = true)]
    public float NewArrayPerFrame()
    {
        var buffer = new float[Floats];
        buffer[Floats - 1] = 1f;
        return buffer[0] + buffer[Floats - 1];
    }

    [Benchmark]
    public float PooledBufferPerFrame()
    {
        var lease = _pool.Rent(Floats);
        var span = lease.Span;
        span[Floats - 1] = 1f;
        var result = span[0] + span[Floats - 1];
        _pool.Return(lease);
        return result;
    }
}
