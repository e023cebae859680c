namespace OvasabiState.Generators.Model;

/// <summary>A type that contains the layered type; emitted as a partial declaration around it.</summary>
/// <param name="Keyword">class, struct, record, record struct or interface.</param>
/// <param name="Name">The type's name.</param>
internal sealed record ContainingTypeModel(string Keyword, string Name);
