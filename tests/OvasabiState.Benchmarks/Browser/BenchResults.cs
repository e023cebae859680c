using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OvasabiState.Benchmarks.Browser;

/// <summary>One figure as the page publishes it in <c>#bench-json</c> (the sample's BenchMeasurement).</summary>
internal sealed record BenchFigure(string Suite, string Case, string Subject, double Value, string Unit, bool IsAnchor, int Samples);

/// <summary>The page's <c>#bench-json</c>: its status, the browser's user agent and the figures.</summary>
internal sealed record PageResults(string Status, string UserAgent, List<BenchFigure> Measurements)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static PageResults Parse(string json) =>
        JsonSerializer.Deserialize<PageResults>(json, Options) ?? throw new JsonException("#bench-json is empty");
}
