namespace OvasabiState.Generators.Model;

/// <summary>An IndexedDB index (pipeline model).</summary>
internal sealed record IndexModel(string Name, EquatableArray<string> KeyPath, bool Unique, bool MultiEntry);
