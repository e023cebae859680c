namespace OvasabiState.Sync;

/// <summary>Storage timings of one persistent layer, as the performance dashboard shows them.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Reads">Single-record reads (hydration).</param>
/// <param name="ReadAlls">Whole-store reads (lists, status, retention).</param>
/// <param name="Writes">Flush batches: one transaction or one Web Storage batch each.</param>
/// <param name="RecordsWritten">Records put or deleted by those batches.</param>
/// <param name="BytesWritten">Encoded bytes put by those batches.</param>
public sealed record LayerMetrics(StateLayer Layer, OperationTiming Reads, OperationTiming ReadAlls, OperationTiming Writes, long RecordsWritten, long BytesWritten);
