using System.Linq;
using Xunit;

namespace OvasabiState.Generators.Tests;

/// <summary>
/// Unusual but valid declarations: the generator either accepts them and its output compiles
/// with zero diagnostics, or reports the diagnostic meant for them (and generates nothing that
/// fails to compile). Each case once produced code that did not compile.
/// </summary>
public sealed class EdgeInputTests
{
    private const string Prelude = """
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using OvasabiState;

        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        // name, source (in namespace Demo), the generator diagnostics expected (comma separated)
        {
            "members named like keywords",
            """
            [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb])]
            public partial record Keywords(int @class, [property: Transient] string? @event)
            {
                [StateKey] public string @string { get; init; } = "";
                [Indexed] public int @int { get; init; }
                public required int @default { get; init; }
                [Merge(MergePolicy.Add)] public int @checked { get; set; }
                public Inner? @object { get; set; }
                [Transient] public int @in { get; set; }
            }

            public sealed record Inner(int @fixed)
            {
                public List<int> @params { get; init; } = [];
            }
            """,
            ""
        },
        {
            "members named like generated locals and parameters",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Names
            {
                public int Base { get; set; }
                public int Merged { get; set; }
                public int Ours { get; set; }
                public int Theirs { get; set; }
                public int Context { get; set; }
                public int Conflicts { get; set; }
                public int Value { get; set; }
                public int Count { get; set; }
                public int Defaults { get; set; }
                public int Reader { get; set; }
                public int Writer { get; set; }
                public int Bits { get; set; }
                public int Members { get; set; }
                public int Target { get; set; }
                public int Source { get; set; }
                public int Left { get; set; }
                public int Right { get; set; }
                public int Instance { get; set; }
                public int SchemaHash2 { get; set; }
                public int X0 { get; set; }
                public List<int?> R0 { get; set; } = [];
                public Dictionary<string, string?> W0 { get; set; } = [];
            }
            """,
            ""
        },
        {
            "positional record with one parameter",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Single(int Value);
            """,
            ""
        },
        {
            "positional record whose one parameter is transient",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Tagged([property: Transient] object? Tag)
            {
                public int Count { get; set; }
            }
            """,
            ""
        },
        {
            "nested positional record with one parameter",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Holder
            {
                public Inner Child { get; set; } = new(1);
            }

            public sealed record Inner(int Value);
            """,
            ""
        },
        {
            "positional parameter redeclared get-only",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Fixed(int Value, string Name)
            {
                public int Value { get; } = Value;
            }
            """,
            "OVS017"
        },
        {
            "abstract class",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public abstract partial class Shape
            {
                public int Sides { get; set; }
            }
            """,
            "OVS014"
        },
        {
            "abstract record",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public abstract partial record Shape
            {
                public int Sides { get; set; }
            }
            """,
            "OVS014"
        },
        {
            "static class",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public static partial class Globals
            {
                public static int Count { get; set; }
            }
            """,
            "OVS014"
        },
        {
            "file-local type",
            """
            [Layered(Priority = [StateLayer.Memory])]
            file partial record Local
            {
                public int Count { get; set; }
            }
            """,
            "OVS019"
        },
        {
            "plain struct with fields",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial struct Cursor
            {
                public int Line;
                public int Column;
                public string? File { get; set; }
            }
            """,
            ""
        },
        {
            "readonly struct with init members",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public readonly partial struct Range
            {
                public int Start { get; init; }
                public int End { get; init; }
            }
            """,
            ""
        },
        {
            "record with no persisted members",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Empty
            {
                [Transient] public int Scratch { get; set; }
            }
            """,
            ""
        },
        {
            "class with no members",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial class Nothing;
            """,
            ""
        },
        {
            "nullable-oblivious source",
            """
            #nullable disable
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Legacy
            {
                public string Name { get; set; }
                public List<string> Tags { get; set; }
                public Item Item { get; set; }
            }

            public sealed class Item
            {
                public string Label { get; set; }
            }
            """,
            ""
        },
        {
            "nested types with the same name in two namespaces",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Twins
            {
                public Demo.Left.Item First { get; set; } = new();
                public Demo.Right.Item Second { get; set; } = new();
            }
            """,
            ""
        },
        {
            "types declared inside the layered type",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Panel
            {
                public enum Mode { Closed, Open }

                public sealed class Part
                {
                    public int Size { get; set; }
                }

                public Mode State { get; set; }
                public List<Part> Parts { get; set; } = [];
            }
            """,
            ""
        },
        {
            "class with required and transient members",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial class Account
            {
                public required string Name { get; set; }
                [Transient] public required string Session { get; init; }
                [Transient] public int Views { get; set; }
                public int Visits { get; private set; }
            }
            """,
            ""
        },
        {
            "nested type with a private setter",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Holder
            {
                public Item Child { get; set; } = new();
            }

            public sealed class Item
            {
                public int Hidden { get; private set; }
                public int Shown { get; set; }
            }
            """,
            "OVS017"
        },
        {
            "obsolete member",
            """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Versioned
            {
                [Obsolete("Use Next.")] public int Old { get; set; }
                public int Next { get; set; }
            }
            """,
            ""
        },
    };

    private const string Namespaces = """

        namespace Demo.Left
        {
            public sealed class Item { public int A { get; set; } }
        }

        namespace Demo.Right
        {
            public sealed class Item { public string B { get; set; } = ""; }
        }
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generates_code_that_compiles_or_reports(string name, string source, string expected)
    {
        var run = GeneratorHarness.Run(Prelude + "namespace Demo\n{\n" + source + "\n}\n" + Namespaces);

        Assert.True(run.CompilationProblems.Count == 0, $"{name}:\n{GeneratorRun.Describe(run.CompilationProblems)}");
        Assert.Equal(
            expected.Split(',', System.StringSplitOptions.RemoveEmptyEntries),
            run.GeneratorDiagnostics.Select(d => d.Id).ToArray());
        if (expected.Length == 0 || expected == "OVS017")
        {
            Assert.Equal(5, run.Sources.Count);
        }
    }
}
