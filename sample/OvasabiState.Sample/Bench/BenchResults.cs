using System.Text.Json.Serialization;

namespace OvasabiState.Sample.Bench;

/// <summary>What the page publishes in <c>#bench-json</c> for the runner: the status and every figure so far.</summary>
public sealed record BenchResults(string Status, string UserAgent, IReadOnlyList<BenchMeasurement> Measurements);

/// <summary>
/// The page's JSON (source-generated: the app is trimmed). A figure with no samples is NaN,
/// written as the literal "NaN" rather than failing the whole report.
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, WriteIndented = true)]
[JsonSerializable(typeof(BenchResults))]
internal sealed partial class BenchResultsJson : JsonSerializerContext;
