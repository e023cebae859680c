using System.Collections.Generic;
using OvasabiState.Pools;

namespace OvasabiState.Sync;

/// <summary>A snapshot of the runtime's counters: storage timings per layer and the shared pools.</summary>
/// <param name="Layers">Session, local and IndexedDB timings.</param>
/// <param name="ComputeBuffers">The shared <see cref="ComputeBufferPool"/>.</param>
/// <param name="StateBuffers">The shared <see cref="StateBufferPool"/>.</param>
public sealed record StateMetrics(IReadOnlyList<LayerMetrics> Layers, PoolStatistics ComputeBuffers, PoolStatistics StateBuffers);
