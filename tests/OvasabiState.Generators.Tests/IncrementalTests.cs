using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace OvasabiState.Generators.Tests;

/// <summary>
/// The pipeline caches: a second run over an equal or unrelatedly edited compilation reuses
/// every step, a real edit changes exactly the steps it should, and no step output holds a
/// symbol, syntax, location or compilation (which would root old compilations and defeat
/// caching). After NetEscapades' TestHelpers and mapperly's IncrementalGeneratorRunReasons.
/// </summary>
public sealed class IncrementalTests
{
    private const string Unrelated = """
        namespace Demo.Other;

        public static class Helpers
        {
            public static int Twice(int value) => value * 2;
        }
        """;

    // The compute state record with a method, so an edit can touch the layered file without touching its shape.
    private const string Layered = TestInputs.ComputeState + """


        public partial record ComputeStateRecord
        {
            public int Size() => Data.Length;
        }
        """;

    private const IncrementalStepRunReason Cached = IncrementalStepRunReason.Cached;
    private const IncrementalStepRunReason Unchanged = IncrementalStepRunReason.Unchanged;
    private const IncrementalStepRunReason Modified = IncrementalStepRunReason.Modified;
    private const IncrementalStepRunReason New = IncrementalStepRunReason.New;

    /// <summary>Every name in <see cref="TrackingNames"/>, so a new step is covered without editing this test.</summary>
    private static readonly string[] StepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void Tracking_names_cover_the_pipeline()
    {
        Assert.Equal(["Parse", "Models", "Diagnostics", "RegistryEntries", "Registry"], StepNames);

        var result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.CreateCompilation(Layered)).GetRunResult().Results.Single();
        Assert.All(StepNames, name => Assert.True(result.TrackedSteps.ContainsKey(name), $"Step '{name}' did not run."));
    }

    [Fact]
    public void Rerun_on_a_clone_is_fully_cached_and_equal()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestInputs.ComputeState, TestInputs.CampaignState, TestInputs.EdgeCase, Unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        var second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        foreach (var name in StepNames)
        {
            var before = first.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
            var after = second.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
            Assert.Equal(before, after);
        }

        AssertAllReused(second);
        Assert.Equal(Texts(first), Texts(second));
    }

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestInputs.ComputeState, TestInputs.CampaignState, TestInputs.EdgeCase);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();

        var edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse("namespace Demo; public class Added { public int Value { get; set; } }", "Added.cs"));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllReused(second);
        Assert.Equal(Texts(first), Texts(second));
    }

    /// <summary>Edits, by name, of the layered file (Input0.cs) or the unrelated file (Input1.cs).</summary>
    private static readonly Dictionary<string, (int File, Func<string, string> Edit)> Edits = new()
    {
        ["unrelated method body"] = (1, s => s.Replace("value * 2", "value + value", StringComparison.Ordinal)),
        ["unrelated file emptied"] = (1, _ => "namespace Demo.Other;"),
        ["method body in the layered type"] = (0, s => s.Replace("Data.Length;", "Data.Length + 1;", StringComparison.Ordinal)),
        ["comment above the layered type"] = (0, s => s.Replace("namespace OvasabiState.Samples;", "namespace OvasabiState.Samples;\n\n// A comment that moves every span below it.\n", StringComparison.Ordinal)),
        ["store name"] = (0, s => s.Replace("Store = \"compute_states\"", "Store = \"compute_states_v2\"", StringComparison.Ordinal)),
        ["retention"] = (0, s => s.Replace("Retention = \"7.00:00:00\"", "Retention = \"8.00:00:00\"", StringComparison.Ordinal)),
        ["member added"] = (0, s => s.Replace("public int Size()", "public int Extra { get; init; }\n\n    public int Size()", StringComparison.Ordinal)),
        ["member made invalid"] = (0, s => s.Replace("public float[] Data", "public HashSet<float> Data", StringComparison.Ordinal).Replace("Data.Length", "Data.Count", StringComparison.Ordinal)),
    };

    /// <summary>
    /// For each edit: the run reason of the one output of every step, then the set of reasons of the
    /// source outputs. Parse is at best Unchanged: Roslyn reruns a ForAttributeWithMetadataName
    /// transform whenever the compilation changes, and equal models are what stop the work there.
    /// A step after an Unchanged one is Cached. The duplicate-store check (untracked) keeps type
    /// locations, so an edit that moves the type (or changes a store) reruns it (Unchanged).
    /// </summary>
    public static TheoryData<string, IncrementalStepRunReason[], IncrementalStepRunReason[]> EditCases => new()
    {
        //                                      Parse      Models     Diagnostics RegistryEntries Registry    source outputs
        { "unrelated method body",              [Unchanged, Cached,    Cached,     Cached,         Cached],    [Cached] },
        { "unrelated file emptied",             [Unchanged, Cached,    Cached,     Cached,         Cached],    [Cached] },
        { "method body in the layered type",    [Unchanged, Cached,    Cached,     Cached,         Cached],    [Cached] },
        { "comment above the layered type",     [Unchanged, Cached,    Cached,     Cached,         Cached],    [Cached, Unchanged] },
        { "store name",                         [Modified,  Modified,  Unchanged,  Modified,       Modified],  [Cached, Unchanged, Modified] },
        { "retention",                          [Modified,  Modified,  Unchanged,  Cached,         Cached],    [Cached, Modified] },
        { "member added",                       [Modified,  Modified,  Unchanged,  Cached,         Cached],    [Cached, Modified] },
    };

    [Theory]
    [MemberData(nameof(EditCases))]
    public void Edit_changes_exactly_the_steps_it_should(string edit, IncrementalStepRunReason[] steps, IncrementalStepRunReason[] outputs)
    {
        var (first, second) = RunEdit(edit);

        var actual = StepNames.Select(name => Assert.Single(second.TrackedSteps[name].SelectMany(s => s.Outputs)).Reason).ToArray();
        Assert.Equal(steps, actual);
        Assert.Equal(outputs.Order(), OutputReasons(second));

        // Whatever was reused or recomputed, the text is what a fresh run gives.
        var fresh = GeneratorHarness.Run(Apply(edit)).Result;
        Assert.Equal(Texts(fresh), Texts(second));
        if (steps[1] == Modified)
        {
            Assert.NotEqual(Texts(first), Texts(second));
        }
    }

    [Fact]
    public void Edit_that_makes_the_type_invalid_removes_its_model_and_reports()
    {
        var (_, second) = RunEdit("member made invalid");

        Assert.Equal(Modified, Assert.Single(second.TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs)).Reason);
        Assert.Equal(IncrementalStepRunReason.Removed, Assert.Single(second.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs)).Reason);
        Assert.Equal(Modified, Assert.Single(second.TrackedSteps[TrackingNames.Diagnostics].SelectMany(s => s.Outputs)).Reason);
        Assert.Equal("OVS008", Assert.Single(second.Diagnostics).Id);
        Assert.Empty(second.GeneratedSources);
    }

    [Fact]
    public void Adding_a_second_layered_type_adds_one_model_and_updates_the_registry()
    {
        var compilation = GeneratorHarness.CreateCompilation(Layered, Unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse(TestInputs.UserSession, "Added.cs"));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal([New, Cached], second.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs).Select(o => o.Reason).Order());
        Assert.Equal(Modified, Assert.Single(second.TrackedSteps[TrackingNames.Registry].SelectMany(s => s.Outputs)).Reason);
        Assert.Contains("UserSessionRecord", second.GeneratedSources.Single(s => s.HintName == "OvasabiState.LayeredRegistry.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Step_outputs_hold_no_symbols_syntax_locations_or_compilations()
    {
        // Valid inputs, and invalid ones (whose step outputs carry diagnostics and their locations).
        var compilation = GeneratorHarness.CreateCompilation(
        [
            .. TestInputs.All.Values,
            """
            using OvasabiState;
            namespace Demo;
            [Layered] public record Broken { public object Value { get; set; } = new(); }
            """,
        ]);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.NotEmpty(result.Diagnostics);

        foreach (var name in StepNames)
        {
            foreach (var (output, i) in result.TrackedSteps[name].SelectMany(s => s.Outputs).Select((o, i) => (o, i)))
            {
                ModelGraph.AssertPlainData(output.Value, $"{name}[{i}]");
            }
        }
    }

    [Fact]
    public void Model_graph_check_can_fail()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestInputs.UserSession);
        var symbol = compilation.GetTypeByMetadataName("OvasabiState.Samples.UserSessionRecord")!;

        Assert.ThrowsAny<Exception>(() => ModelGraph.AssertPlainData(ImmutableArray.Create((object)("ok", symbol)), "value"));
        Assert.ThrowsAny<Exception>(() => ModelGraph.AssertPlainData(new List<object> { symbol.Locations[0] }, "value"));
        Assert.ThrowsAny<Exception>(() => ModelGraph.AssertPlainData(compilation.SyntaxTrees.First().GetRoot(), "value"));
        Assert.ThrowsAny<Exception>(() => ModelGraph.AssertPlainData(Tuple.Create(1, compilation), "value"));
    }

    private static (GeneratorRunResult First, GeneratorRunResult Second) RunEdit(string edit)
    {
        var compilation = GeneratorHarness.CreateCompilation(Layered, Unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        var second = driver.RunGenerators(Apply(edit)).GetRunResult().Results.Single();
        return (first, second);
    }

    private static CSharpCompilation Apply(string edit)
    {
        var compilation = GeneratorHarness.CreateCompilation(Layered, Unrelated);
        var (file, change) = Edits[edit];
        var tree = compilation.SyntaxTrees.ElementAt(file);
        var text = tree.GetText().ToString();
        var changed = change(text);
        Assert.NotEqual(text, changed);
        return compilation.ReplaceSyntaxTree(tree, GeneratorHarness.Parse(changed, tree.FilePath));
    }

    private static void AssertAllReused(GeneratorRunResult result)
    {
        foreach (var name in StepNames)
        {
            Assert.All(
                result.TrackedSteps[name].SelectMany(s => s.Outputs),
                o => Assert.True(o.Reason is Cached or Unchanged, $"Step '{name}' output was {o.Reason}."));
        }

        Assert.NotEmpty(result.TrackedOutputSteps);
        Assert.All(
            result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is Cached or Unchanged, $"A source output was {o.Reason}."));
    }

    /// <summary>The distinct run reasons of the source outputs, ordered.</summary>
    private static IncrementalStepRunReason[] OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).Distinct().Order().ToArray();

    private static List<(string, string)> Texts(GeneratorRunResult result) =>
        result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).OrderBy(p => p.HintName, StringComparer.Ordinal).ToList();
}
