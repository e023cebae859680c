namespace OvasabiState.Sample.Bench;

/// <summary>
/// One figure: a case ("bulk put 10,000"), who was measured ("ours", "raw IndexedDB"), the value
/// (a median unless the case says otherwise) and its unit. Anchors are the baselines that our
/// figures in the same case are divided by.
/// </summary>
public sealed record BenchMeasurement(string Suite, string Case, string Subject, double Value, string Unit, bool IsAnchor, int Samples);
