using System.Text.Json;
using System.Text.Json.Serialization;

namespace OvasabiState.Sample.Components.Analytics;

/// <summary>Entries and bytes per IndexedDB store, and the origin's storage estimate (Scripts/db-stats.js).</summary>
public sealed record DatabaseStatistics(
    [property: JsonPropertyName("stores")] IReadOnlyList<StoreStatistics> Stores,
    [property: JsonPropertyName("usage")] long Usage,
    [property: JsonPropertyName("quota")] long Quota)
{
    /// <summary>Reads the module's JSON.</summary>
    /// <exception cref="JsonException">The text is not the module's shape.</exception>
    public static DatabaseStatistics Parse(string json) =>
        JsonSerializer.Deserialize(json, AnalyticsJsonContext.Default.DatabaseStatistics)
        ?? throw new JsonException("No database statistics in the module's answer.");
}

/// <summary>One IndexedDB object store: its records and their stored payload bytes.</summary>
public sealed record StoreStatistics(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("entries")] int Entries,
    [property: JsonPropertyName("bytes")] long Bytes);

/// <summary>Trimming-safe JSON for the statistics (no reflection).</summary>
[JsonSerializable(typeof(DatabaseStatistics))]
internal sealed partial class AnalyticsJsonContext : JsonSerializerContext;
