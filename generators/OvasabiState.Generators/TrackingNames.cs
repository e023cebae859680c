namespace OvasabiState.Generators;

/// <summary>Names of the pipeline steps, so tests can check what Roslyn cached.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Models = nameof(Models);
    public const string Diagnostics = nameof(Diagnostics);
    public const string RegistryEntries = nameof(RegistryEntries);
    public const string Registry = nameof(Registry);
}
