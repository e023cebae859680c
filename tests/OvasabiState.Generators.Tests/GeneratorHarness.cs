using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OvasabiState.Generators.Tests;

/// <summary>
/// Builds test compilations against pinned reference assemblies (not whatever the test host
/// loaded) plus the OvasabiState runtime, and runs <see cref="LayeredGenerator"/> over them.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>Latest C#, and XML documentation checked as in a project with GenerateDocumentationFile.</summary>
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithDocumentationMode(DocumentationMode.Diagnose);

    /// <summary>Nullable on, every warning (of every warning wave) an error: the strictest consumer.</summary>
    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        generalDiagnosticOption: ReportDiagnostic.Error,
        warningLevel: 9999,
        deterministic: true);

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(LayeredAttribute).Assembly.Location),
    ];

    /// <summary>A compilation of <paramref name="sources"/>, the i-th parsed from file <c>Input{i}.cs</c>.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "OvasabiState.TestInput",
            sources.Select((source, i) => Parse(source, $"Input{i}.cs")),
            References,
            CompilationOptions);

    public static SyntaxTree Parse(string source, string path) =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>A driver that records every step, so tests can check what Roslyn cached.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new LayeredGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    public static GeneratorRun Run(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return GeneratorRun.From(driver, compilation, output);
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed class GeneratorRun
{
    private GeneratorRun(GeneratorDriver driver, Compilation input, Compilation output, GeneratorRunResult result)
    {
        Driver = driver;
        Input = input;
        Output = output;
        Result = result;
    }

    public GeneratorDriver Driver { get; }

    public Compilation Input { get; }

    /// <summary>The input plus the generated trees.</summary>
    public Compilation Output { get; }

    public GeneratorRunResult Result { get; }

    /// <summary>Generated files, ordered by hint name.</summary>
    public IReadOnlyList<GeneratedSourceResult> Sources =>
        Result.GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal).ToList();

    /// <summary>Diagnostics the generator reported.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>Compiler diagnostics of the output compilation that a build would show (warnings and errors).</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public static GeneratorRun From(GeneratorDriver driver, Compilation input, Compilation output)
    {
        var result = driver.GetRunResult().Results.Single();

        // A crash is reported as a warning and an empty output; make it the test failure it is.
        if (result.Exception is not null)
        {
            throw new InvalidOperationException("The generator threw.", result.Exception);
        }

        return new GeneratorRun(driver, input, output, result);
    }

    /// <summary>The generated text of <paramref name="hintName"/>.</summary>
    public string Source(string hintName) =>
        Result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>
    /// The source text a diagnostic points at. Generator diagnostics carry a file path and span
    /// (not a tree), so the tree is found by path.
    /// </summary>
    public string TextAt(Location location)
    {
        var path = location.GetLineSpan().Path;
        var tree = Input.SyntaxTrees.Single(t => t.FilePath == path);
        return tree.GetText().ToString(location.SourceSpan);
    }

    /// <summary>Diagnostics as readable lines, for assertion messages.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
