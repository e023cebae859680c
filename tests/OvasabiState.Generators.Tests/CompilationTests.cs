using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace OvasabiState.Generators.Tests;

/// <summary>
/// Generated code compiles cleanly for the strictest consumer: nullable on, every warning of
/// every warning wave an error, XML documentation checked. Only hidden and info diagnostics
/// (such as unused usings) are allowed.
/// </summary>
public sealed class CompilationTests
{
    [Theory]
    [MemberData(nameof(TestInputs.Names), MemberType = typeof(TestInputs))]
    public void Valid_input_compiles_with_zero_diagnostics(string input)
    {
        var run = GeneratorHarness.Run(TestInputs.All[input]);

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
        Assert.True(run.CompilationProblems.Count == 0, GeneratorRun.Describe(run.CompilationProblems));
        Assert.NotEmpty(run.Sources);
        Assert.Equal(run.Input.SyntaxTrees.Count() + run.Sources.Count, run.Output.SyntaxTrees.Count());
    }

    [Fact]
    public void All_inputs_together_compile_with_zero_diagnostics()
    {
        var run = GeneratorHarness.Run([.. TestInputs.All.Values]);

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
        Assert.True(run.CompilationProblems.Count == 0, GeneratorRun.Describe(run.CompilationProblems));
    }

    [Fact]
    public void Harness_reports_compile_errors_of_the_output()
    {
        // The zero-diagnostics checks above are only as good as the harness: a broken input shows up.
        var run = GeneratorHarness.Run(TestInputs.UserSession.Replace("public int PageViews", "public int PageViews = \"x\";\n    public int Other", StringComparison.Ordinal));

        Assert.NotEmpty(run.CompilationProblems);
    }

    [Fact]
    public void Strict_options_turn_warnings_into_errors()
    {
        // A nullable warning (CS8618) in the input must fail the zero-diagnostics check.
        var run = GeneratorHarness.Run(TestInputs.UserSession.Replace("public string UserId { get; set; } = \"\";", "public string UserId { get; set; }", StringComparison.Ordinal));

        var problem = Assert.Single(run.CompilationProblems);
        Assert.Equal("CS8618", problem.Id);
        Assert.Equal(DiagnosticSeverity.Error, problem.Severity);
    }

    [Fact]
    public void Missing_documentation_is_reported()
    {
        // XML documentation is checked (as with GenerateDocumentationFile), so an undocumented
        // public member in generated code would fail the checks above; inputs opt out by pragma.
        var run = GeneratorHarness.Run(TestInputs.UserSession.Replace("#pragma warning disable CS1591", string.Empty, StringComparison.Ordinal));

        Assert.NotEmpty(run.CompilationProblems);
        Assert.All(run.CompilationProblems, d => Assert.Equal("CS1591", d.Id));
        Assert.All(run.CompilationProblems, d => Assert.Equal("Input0.cs", d.Location.GetLineSpan().Path));
    }
}
