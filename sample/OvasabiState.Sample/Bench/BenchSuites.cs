using System.Diagnostics.CodeAnalysis;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// The suites of the /bench page. Adding a suite is one line in <see cref="Standard"/> (or in
/// <see cref="Special"/> when it needs another tab or a fresh page load). Suites get their
/// constructor arguments from the app's services.
/// </summary>
public static class BenchSuites
{
    /// <summary>The suites "all" runs: each runs in one page on its own.</summary>
    public static IReadOnlyList<Func<IServiceProvider, IBenchSuite>> Standard { get; } =
    [
        Suite<SerializerSuite>(),
        Suite<IndexedDbSuite>(),
        Suite<HydrationSuite>(),
        Suite<InteropSuite>(),
        Suite<ParticlesSuite>(),
    ];

    /// <summary>
    /// Suites run by name only: <c>crosstab</c> needs a tab running <c>crosstab-listen</c>, and
    /// <c>startup</c> must run as the page loads, after <c>hydration</c> (the runner arranges both).
    /// </summary>
    public static IReadOnlyList<Func<IServiceProvider, IBenchSuite>> Special { get; } =
    [
        Suite<CrossTabSuite>(),
        Suite<CrossTabListenerSuite>(),
        Suite<StartupSuite>(),
    ];

    private static Func<IServiceProvider, IBenchSuite> Suite<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>()
        where T : IBenchSuite => services => ActivatorUtilities.CreateInstance<T>(services);
}
