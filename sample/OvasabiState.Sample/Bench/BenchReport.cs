namespace OvasabiState.Sample.Bench;

/// <summary>The figures a run has produced so far; the page renders them and the runner reads them.</summary>
public sealed class BenchReport
{
    private readonly List<BenchMeasurement> _measurements = [];

    /// <summary>Raised after each figure so the page can show progress.</summary>
    public event Action? Changed;

    /// <summary>The suite whose figures are being added.</summary>
    public string Suite { get; set; } = "";

    /// <summary>A smoke run (<c>?quick=1</c>): suites use few iterations and small data; the figures only show the page works.</summary>
    public bool Quick { get; init; }

    public IReadOnlyList<BenchMeasurement> Measurements => _measurements;

    /// <summary>Adds a figure of ours.</summary>
    public void Ours(string benchCase, string subject, double value, string unit, int samples = 1) =>
        Add(new BenchMeasurement(Suite, benchCase, subject, value, unit, IsAnchor: false, samples));

    /// <summary>Adds the anchor figure that the case's other figures are compared with.</summary>
    public void Anchor(string benchCase, string subject, double value, string unit, int samples = 1) =>
        Add(new BenchMeasurement(Suite, benchCase, subject, value, unit, IsAnchor: true, samples));

    private void Add(BenchMeasurement measurement)
    {
        _measurements.Add(measurement);
        Changed?.Invoke();
    }
}
