using System.Linq;
using Xunit;

namespace OvasabiState.Generators.Tests;

/// <summary>
/// Every member type crossed with every merge policy, with [Indexed] and with [StateKey]: the
/// generator either accepts the combination and its output compiles cleanly, or rejects it with
/// the one diagnostic meant for it. No combination may slip through into code that does not compile.
/// </summary>
public sealed class MemberMatrixTests
{
    private static readonly string[] Types =
    [
        "bool", "byte", "sbyte", "short", "ushort", "char", "int", "uint", "long", "ulong", "nint", "nuint",
        "float", "double", "decimal", "string", "string?", "Guid", "DateTime", "DateTimeOffset", "TimeSpan",
        "Mode", "Small", "int?", "double?", "decimal?", "bool?", "Guid?", "DateTime?", "DateTimeOffset?", "TimeSpan?", "Mode?",
        "int[]", "string[]", "Mode[]", "Guid[]", "DateTime[]", "int?[]", "string?[]", "bool[]", "Item[]", "Point[]",
        "List<int>", "List<string>", "List<Guid>", "List<DateTimeOffset>", "List<Item>", "List<Point>",
        "IReadOnlyList<int>", "IReadOnlyList<string>", "IReadOnlyList<TimeSpan>", "IReadOnlyList<Item>",
        "Dictionary<string, int>", "Dictionary<string, string>", "Dictionary<string, Item>", "Dictionary<string, Point>",
        "Item", "Item?", "Point", "Point?", "Pair",
    ];

    private static readonly string[] Policies = ["LayerPriority", "Newest", "Max", "Min", "Add", "Union"];

    private const string Support = """

        public enum Mode { Off, On }

        public enum Small : byte { A, B }

        public sealed class Item
        {
            public string Name { get; set; } = "";

            public int Count { get; set; }
        }

        public record struct Point(int X, int Y);

        public sealed record Pair(string Left, string Right);
        """;

    public static TheoryData<string> TypeData => [.. Types];

    [Theory]
    [MemberData(nameof(TypeData))]
    public void Every_policy_compiles_or_is_rejected_with_OVS013(string type)
    {
        foreach (var policy in Policies)
        {
            Check($"[Merge(MergePolicy.{policy})] public {type} Value {{ get; set; }}{Initializer(type)}", "OVS013", $"{policy} on {type}");
        }
    }

    [Theory]
    [MemberData(nameof(TypeData))]
    public void Indexed_compiles_or_is_rejected_with_OVS009(string type)
    {
        Check($"[Indexed] public {type} Value {{ get; set; }}{Initializer(type)}", "OVS009", $"[Indexed] {type}");
        if (type.EndsWith("[]", System.StringComparison.Ordinal) || type.StartsWith("List<", System.StringComparison.Ordinal) || type.StartsWith("IReadOnlyList<", System.StringComparison.Ordinal))
        {
            Check($"[Indexed(MultiEntry = true)] public {type} Value {{ get; set; }}{Initializer(type)}", "OVS009", $"[Indexed(MultiEntry = true)] {type}");
        }
    }

    [Theory]
    [MemberData(nameof(TypeData))]
    public void StateKey_compiles_or_is_rejected_with_OVS005(string type)
    {
        var run = GeneratorHarness.Run(Prelude + $$"""
            [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb])]
            public partial record Holder
            {
                [StateKey] public {{type}} Value { get; set; }{{Initializer(type)}}
            }
            """ + Support);

        var accepted = type is "string" or "string?" or "Guid" or "int" or "long";
        Assert.True(run.CompilationProblems.Count == 0, GeneratorRun.Describe(run.CompilationProblems));
        if (accepted)
        {
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
        }
        else
        {
            Assert.Equal("OVS005", Assert.Single(run.GeneratorDiagnostics).Id);
        }
    }

    private const string Prelude = """
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using OvasabiState;

        namespace Demo;

        """;

    private static void Check(string member, string rejection, string what)
    {
        var run = GeneratorHarness.Run(Prelude + $$"""
            [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb])]
            public partial record Holder
            {
                [StateKey] public int Id { get; set; }

                {{member}}
            }
            """ + Support);

        Assert.True(run.CompilationProblems.Count == 0, $"{what}:\n{GeneratorRun.Describe(run.CompilationProblems)}");
        if (!run.GeneratorDiagnostics.IsEmpty)
        {
            Assert.True(
                run.GeneratorDiagnostics.Length == 1 && run.GeneratorDiagnostics[0].Id == rejection,
                $"{what}: expected nothing or one {rejection}, got:\n{GeneratorRun.Describe(run.GeneratorDiagnostics)}");
        }
        else
        {
            Assert.Equal(5, run.Sources.Count);
        }
    }

    private static string Initializer(string type) =>
        type.EndsWith('?') ? string.Empty
        : type == "string" ? " = \"\";"
        : type.EndsWith("[]", System.StringComparison.Ordinal) || type.Contains('<', System.StringComparison.Ordinal) ? " = [];"
        : type == "Item" ? " = new();"
        : type == "Pair" ? " = new(\"\", \"\");"
        : string.Empty;
}
