using System.Text.Json.Serialization;
using OvasabiState.Sample.Records;

namespace OvasabiState.Sample.Bench;

/// <summary>System.Text.Json, source-generated: the serializer suite's anchor for the sample's records.</summary>
[JsonSerializable(typeof(ComputeStateRecord))]
[JsonSerializable(typeof(UserPreferencesRecord))]
[JsonSerializable(typeof(CampaignStateRecord))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
