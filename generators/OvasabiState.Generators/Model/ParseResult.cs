namespace OvasabiState.Generators.Model;

/// <summary>The parser's output for one [Layered] type: a model when the type is usable, and its diagnostics.</summary>
internal sealed record ParseResult(LayeredTypeModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>What the registry and the cross-type checks need of each type.</summary>
internal sealed record RegistryEntry(string TypeName, string StoreName, LocationInfo? Location);
