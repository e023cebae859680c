using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace OvasabiState.Generators.Tests;

/// <summary>
/// One test per diagnostic id (named after it): a minimal source that triggers exactly that
/// diagnostic, with its severity, the text it points at, and a message that names the
/// offending type or member and says how to fix it. An error also keeps the type's code from
/// being generated, so the user sees the diagnostic rather than a cascade of compile errors.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Prelude = """
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using OvasabiState;

        namespace Demo;

        """;

    [Fact]
    public void OVS001_TypeNotPartial()
    {
        var run = Expect("OVS001", "Settings", """
            [Layered(Priority = [StateLayer.Memory])]
            public record Settings
            {
                public int Volume { get; set; }
            }
            """,
            "'Demo.Settings' must be declared partial", "add the 'partial' modifier to 'Settings'");

        Assert.Empty(run.Sources);
    }

    [Fact]
    public void OVS001_ContainingTypeNotPartial()
    {
        Expect("OVS001", "Screen", """
            public class Screen
            {
                [Layered(Priority = [StateLayer.Memory])]
                public partial record Settings
                {
                    public int Volume { get; set; }
                }
            }
            """,
            "'Demo.Screen.Settings' must be declared partial", "add the 'partial' modifier to 'Screen'");
    }

    [Fact]
    public void OVS002_GenericType()
    {
        Expect("OVS002", "Box", """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Box<T>
            {
                public int Size { get; set; }
            }
            """,
            "'Demo.Box<T>' is generic", "declare a non-generic type");
    }

    [Fact]
    public void OVS002_InsideGenericType()
    {
        Expect("OVS002", "Settings", """
            public partial class Screen<T>
            {
                [Layered(Priority = [StateLayer.Memory])]
                public partial record Settings
                {
                    public int Volume { get; set; }
                }
            }
            """,
            "'Demo.Screen<T>.Settings' is generic (or inside a generic type)", "declare a non-generic type");
    }

    [Theory]
    [InlineData("")]
    [InlineData("(Priority = [StateLayer.Memory, StateLayer.IndexedDb])")]
    public void OVS003_IndexedDbLayerWithoutKey(string arguments)
    {
        Expect("OVS003", "Note", $$"""
            [Layered{{arguments}}]
            public partial record Note
            {
                public string Text { get; set; } = "";
            }
            """,
            "'Demo.Note' lives in the IndexedDb layer", "mark the identifying member with [StateKey]", "remove StateLayer.IndexedDb from Priority");
    }

    [Fact]
    public void OVS004_TwoKeys()
    {
        Expect("OVS004", "Code", """
            [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb])]
            public partial record Order
            {
                [StateKey] public string Id { get; set; } = "";

                [StateKey] public string Code { get; set; } = "";
            }
            """,
            "'Demo.Order' has more than one [StateKey] member (Id, Code)", "keep [StateKey] on one member", "[CompoundIndex]");
    }

    [Theory]
    [InlineData("double", "")]
    [InlineData("DateTime", "")]
    [InlineData("int?", "")]
    [InlineData("byte[]", " = [];")]
    public void OVS005_UnsupportedKeyType(string type, string initializer)
    {
        Expect("OVS005", "Id", $$"""
            [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb])]
            public partial record Order
            {
                [StateKey] public {{type}} Id { get; set; }{{initializer}}
            }
            """,
            $"[StateKey] member 'Id' has type '{type}'", "a key must be string, Guid, int or long");
    }

    [Fact]
    public void OVS006_EmptyPriority()
    {
        Expect("OVS006", "Priority = []", """
            [Layered(Priority = [])]
            public partial record Settings
            {
                public int Volume { get; set; }
            }
            """,
            "Priority of 'Demo.Settings' is empty", "list the layers the record lives in", "or leave Priority out");
    }

    [Fact]
    public void OVS007_DuplicateLayer()
    {
        Expect("OVS007", "Priority = [StateLayer.Memory, StateLayer.Local, StateLayer.Memory]", """
            [Layered(Priority = [StateLayer.Memory, StateLayer.Local, StateLayer.Memory])]
            public partial record Settings
            {
                public int Volume { get; set; }
            }
            """,
            "Priority of 'Demo.Settings' lists Memory more than once", "list each layer once");
    }

    [Theory]
    [InlineData("object", " = new();", "framework types other than the listed ones are not supported")]
    [InlineData("HashSet<int>", " = [];", "generic types other than List<T>")]
    [InlineData("Dictionary<int, string>", " = [];", "dictionary keys must be string")]
    [InlineData("int[,]", " = new int[0, 0];", "multi-dimensional arrays are not supported")]
    [InlineData("IEnumerable<int>", " = [];", "cannot serialize; use a supported type")]
    [InlineData("Action", " = () => { };", "cannot serialize; use a supported type")]
    [InlineData("List<Uri>", " = [];", "framework types other than the listed ones are not supported")]
    [InlineData("Shape", " = new Square();", "abstract and static types cannot be created")]
    public void OVS008_UnsupportedMemberType(string type, string initializer, string reason)
    {
        Expect("OVS008", "Value", $$"""
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Holder
            {
                public {{type}} Value { get; set; }{{initializer}}
            }

            public abstract class Shape;

            public sealed class Square : Shape;
            """,
            "Member 'Value' of 'Demo.Holder' has type", reason, "or mark the member [Transient]");
    }

    [Fact]
    public void OVS008_UnsupportedMemberTypeInNestedType()
    {
        Expect("OVS008", "Payload", """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Holder
            {
                public Inner? Child { get; set; }
            }

            public sealed class Inner
            {
                public object Payload { get; set; } = new();
            }
            """,
            "Member 'Payload' of 'Demo.Inner' has type 'object'", "or mark the member [Transient]");
    }

    [Theory]
    [InlineData("bool", "", "booleans are not valid IndexedDB keys; index a number or string instead")]
    [InlineData("decimal", "", "decimals have no exact IndexedDB key")]
    [InlineData("bool[]", " = [];", "its elements are not valid keys")]
    [InlineData("List<Tag>", " = [];", "its elements are not valid keys")]
    [InlineData("Tag", " = new();", "which IndexedDB cannot index; index numbers")]
    [InlineData("Dictionary<string, int>", " = [];", "which IndexedDB cannot index; index numbers")]
    public void OVS009_MemberNotIndexable(string type, string initializer, string reason)
    {
        Expect("OVS009", "Value", $$"""
            [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb])]
            public partial record Holder
            {
                [StateKey] public int Id { get; set; }

                [Indexed] public {{type}} Value { get; set; }{{initializer}}
            }

            public sealed class Tag
            {
                public string Name { get; set; } = "";
            }
            """,
            "[Indexed] member 'Value' has type", reason, "or remove [Indexed]");
    }

    [Fact]
    public void OVS010_DuplicateStoreName()
    {
        var run = ExpectIn("OVS010", "Beta",
        [
            Prelude + """
                [Layered(Priority = [StateLayer.Memory], Store = "things")]
                public partial record Alpha
                {
                    public int A { get; set; }
                }
                """,
            Prelude + """
                [Layered(Priority = [StateLayer.Memory], Store = "things")]
                public partial record Beta
                {
                    public int B { get; set; }
                }
                """,
        ],
            "Store name 'things' is used by both 'Demo.Alpha' and 'Demo.Beta'", "give each layered type its own Store");

        Assert.Equal("Input1.cs", run.GeneratorDiagnostics[0].Location.GetLineSpan().Path);
    }

    [Fact]
    public void OVS010_ExplicitStoreClashesWithDerivedName()
    {
        Expect("OVS010", "ThingState", """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record ThingState
            {
                public int A { get; set; }
            }

            [Layered(Priority = [StateLayer.Memory], Store = "thing_state")]
            public partial record OtherThing
            {
                public int B { get; set; }
            }
            """,
            "Store name 'thing_state' is used by both 'Demo.OtherThing' and 'Demo.ThingState'");
    }

    [Theory]
    [InlineData("seven days")]
    [InlineData("00:00:00")]
    [InlineData("-1.00:00:00")]
    [InlineData("")]
    public void OVS011_InvalidRetention(string retention)
    {
        Expect("OVS011", $"Retention = \"{retention}\"", $$"""
            [Layered(Priority = [StateLayer.Memory], Retention = "{{retention}}")]
            public partial record Settings
            {
                public int Volume { get; set; }
            }
            """,
            $"Retention \"{retention}\" of 'Demo.Settings' is not a positive TimeSpan", "for example \"7.00:00:00\" for seven days");
    }

    [Fact]
    public void OVS012_MutuallyRecursiveTypes()
    {
        Expect("OVS012", "Back", """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Root
            {
                public A First { get; set; } = new();
            }

            public sealed class A
            {
                public B? Next { get; set; }
            }

            public sealed class B
            {
                public A? Back { get; set; }
            }
            """,
            "Member 'Back' makes a cycle of types (A -> B -> A)", "mark one member of the cycle [Transient] or store a key");
    }

    [Fact]
    public void OVS012_TypeContainsItselfThroughList()
    {
        Expect("OVS012", "Children", """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Folder
            {
                public string Name { get; set; } = "";

                public List<Folder> Children { get; set; } = [];
            }
            """,
            "Member 'Children' makes a cycle of types (Folder -> Folder)", "[Transient]");
    }

    [Fact]
    public void OVS012_NestedTypeContainsItself()
    {
        Expect("OVS012", "Next", """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Chain
            {
                public Link? Head { get; set; }
            }

            public sealed record Link
            {
                public Link? Next { get; init; }
            }
            """,
            "Member 'Next' makes a cycle of types (Link -> Link)");
    }

    [Theory]
    [InlineData("Add", "string", " = \"\";", "Add keeps both sides' increments and needs a non-nullable number")]
    [InlineData("Add", "int?", "", "Add keeps both sides' increments and needs a non-nullable number")]
    [InlineData("Add", "bool", "", "Add keeps both sides' increments and needs a non-nullable number")]
    [InlineData("Union", "int", "", "Union combines collections and needs an array, list or dictionary")]
    [InlineData("Max", "Child", " = new();", "Max and Min need a comparable value")]
    [InlineData("Min", "List<int>", " = [];", "Max and Min need a comparable value")]
    public void OVS013_MergePolicyDoesNotFit(string policy, string type, string initializer, string reason)
    {
        Expect("OVS013", "Value", $$"""
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Holder
            {
                [Merge(MergePolicy.{{policy}})] public {{type}} Value { get; set; }{{initializer}}
            }

            public sealed record Child
            {
                public int Size { get; init; }
            }
            """,
            $"[Merge(MergePolicy.{policy})] cannot apply to member 'Value' of type '{type}'", reason);
    }

    [Fact]
    public void OVS014_NoUsableConstructor()
    {
        Expect("OVS014", "Settings", """
            [Layered(Priority = [StateLayer.Memory])]
            public partial class Settings
            {
                public Settings(int volume) => Volume = volume;

                public int Volume { get; set; }
            }
            """,
            "'Demo.Settings' has no constructor that generated code can call", "add one");
    }

    [Fact]
    public void OVS014_NestedTypeWithoutUsableConstructor()
    {
        Expect("OVS014", "Child", """
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Holder
            {
                public Child? Value { get; set; }
            }

            public sealed class Child
            {
                public Child(int size) => Size = size;

                private Child() { }

                public int Size { get; set; }
            }
            """,
            "'Demo.Child' has no constructor that generated code can call", "add one");
    }

    [Theory]
    [InlineData("abstract partial class")]
    [InlineData("abstract partial record")]
    public void OVS014_AbstractType(string declaration)
    {
        Expect("OVS014", "Settings", $$"""
            [Layered(Priority = [StateLayer.Memory])]
            public {{declaration}} Settings
            {
                public int Volume { get; set; }
            }
            """,
            "'Demo.Settings' has no constructor that generated code can call", "make the type concrete");
    }

    [Fact]
    public void OVS015_TooManyMembers()
    {
        var members = string.Join("\n", Enumerable.Range(0, 65).Select(i => $"    public int M{i} {{ get; set; }}"));
        Expect("OVS015", "Wide", $$"""
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Wide
            {
            {{members}}
            }
            """,
            "'Demo.Wide' has 65 persisted members", "at most 64", "mark some [Transient]");
    }

    [Fact]
    public void OVS015_SixtyFourMembersAreAllowed()
    {
        var members = string.Join("\n", Enumerable.Range(0, 64).Select(i => $"    public int M{i} {{ get; set; }}"));
        var run = GeneratorHarness.Run(Prelude + $$"""
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Wide
            {
            {{members}}
            }
            """);

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
        Assert.True(run.CompilationProblems.Count == 0, GeneratorRun.Describe(run.CompilationProblems));
        Assert.Contains("bits |= 1UL << 63;", run.Source("Demo.Wide.Diff.g.cs"), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""CompoundIndex("by_a_missing", nameof(A), "Missing")""", "by_a_missing", "'Missing' is not a persisted member; use nameof(...)")]
    [InlineData("""CompoundIndex("by_a", nameof(A))""", "by_a", "a compound index needs at least two members")]
    [InlineData("""CompoundIndex("by_a_a", nameof(A), nameof(A))""", "by_a_a", "a member is listed twice")]
    [InlineData("""CompoundIndex("by_a_flag", nameof(A), nameof(Flag))""", "by_a_flag", "'Flag' has a type IndexedDB cannot use in a compound key")]
    [InlineData("""CompoundIndex("by_a_tags", nameof(A), nameof(Tags))""", "by_a_tags", "'Tags' has a type IndexedDB cannot use in a compound key")]
    public void OVS016_InvalidCompoundIndex(string attribute, string name, string problem)
    {
        Expect("OVS016", attribute, $$"""
            [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb])]
            [{{attribute}}]
            public partial record Holder
            {
                [StateKey] public int Id { get; set; }

                public int A { get; set; }

                public bool Flag { get; set; }

                public string[] Tags { get; set; } = [];
            }
            """,
            $"Index '{name}' of 'Demo.Holder' is invalid: {problem}");
    }

    [Fact]
    public void OVS016_DuplicateIndexNames()
    {
        Expect("OVS016", "Holder", """
            [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb])]
            [CompoundIndex("lookup", nameof(A), nameof(B))]
            public partial record Holder
            {
                [StateKey] public int Id { get; set; }

                [Indexed(Name = "lookup")] public int A { get; set; }

                public int B { get; set; }
            }
            """,
            "Index 'lookup' of 'Demo.Holder' is invalid: two indexes have this name; give each a unique Name");
    }

    [Fact]
    public void OVS016_EmptyIndexName()
    {
        Expect("OVS016", "Holder", """
            [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb])]
            public partial record Holder
            {
                [StateKey] public int Id { get; set; }

                [Indexed(Name = "")] public int A { get; set; }
            }
            """,
            "of 'Demo.Holder' is invalid: the index name is empty");
    }

    [Theory]
    [InlineData("public int Total { get; }")]
    [InlineData("public readonly int Total = 1;")]
    public void OVS017_ReadOnlyMemberIsNotPersisted(string member)
    {
        var run = Expect("OVS017", "Total", $$"""
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Counter
            {
                public int Clicks { get; set; }

                {{member}}
            }
            """,
            "Member 'Total' of 'Demo.Counter' is read-only", "give it a setter or init accessor, or mark it [Transient]");

        // Only a warning (under default options): the type is still generated, without the member.
        var lenient = GeneratorHarness.Run(run.Input.WithOptions(run.Input.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Default)));
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(lenient.GeneratorDiagnostics).Severity);
        Assert.Equal(5, run.Sources.Count);
        Assert.DoesNotContain("Total", run.Source("Demo.Counter.Serializer.g.cs"), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Transient] public int Total { get; }")]
    [InlineData("public int Total => Clicks * 2;")]
    public void OVS017_NotReportedForTransientOrComputedMembers(string member)
    {
        var run = GeneratorHarness.Run(Prelude + $$"""
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Counter
            {
                public int Clicks { get; set; }

                {{member}}
            }
            """);

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
        Assert.True(run.CompilationProblems.Count == 0, GeneratorRun.Describe(run.CompilationProblems));
    }

    [Fact]
    public void OVS018_DerivedClass()
    {
        Expect("OVS018", "Settings", """
            public class SettingsBase
            {
                public int Version { get; set; }
            }

            [Layered(Priority = [StateLayer.Memory])]
            public partial class Settings : SettingsBase
            {
                public int Volume { get; set; }
            }
            """,
            "'Demo.Settings' derives from 'Demo.SettingsBase'", "move the base members into the type or into a nested record member");
    }

    [Theory]
    [InlineData("private")]
    [InlineData("protected")]
    [InlineData("private protected")]
    public void OVS019_InaccessibleNestedType(string accessibility)
    {
        Expect("OVS019", "Secret", $$"""
            public partial class Outer
            {
                [Layered(Priority = [StateLayer.Memory])]
                {{accessibility}} partial record Secret
                {
                    public int Value { get; set; }
                }
            }
            """,
            "'Demo.Outer.Secret' is private, protected or file-local", "make it (and its containing types) internal or public");
    }

    [Fact]
    public void OVS019_InsidePrivateContainingType()
    {
        Expect("OVS019", "Secret", """
            public partial class Outer
            {
                private partial class Middle
                {
                    [Layered(Priority = [StateLayer.Memory])]
                    internal partial record Secret
                    {
                        public int Value { get; set; }
                    }
                }
            }
            """,
            "'Demo.Outer.Middle.Secret' is private, protected or file-local");
    }

    [Fact]
    public void OVS019_FileLocalType()
    {
        Expect("OVS019", "Secret", """
            [Layered(Priority = [StateLayer.Memory])]
            file partial record Secret
            {
                public int Value { get; set; }
            }
            """,
            "'Demo.Secret' is private, protected or file-local", "internal or public");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void OVS020_SchemaVersionOutOfRange(int version)
    {
        var text = version.ToString(CultureInfo.InvariantCulture);
        Expect("OVS020", $"SchemaVersion = {text}", $$"""
            [Layered(Priority = [StateLayer.Memory], SchemaVersion = {{text}})]
            public partial record Settings
            {
                public int Volume { get; set; }
            }
            """,
            $"SchemaVersion {text} of 'Demo.Settings' is out of range", "use a number from 1 to 65535");
    }

    [Theory]
    [InlineData("StateKey")]
    [InlineData("Indexed")]
    public void OVS021_TransientKeyOrIndex(string attribute)
    {
        Expect("OVS021", "Id", $$"""
            [Layered(Priority = [StateLayer.Memory])]
            public partial record Settings
            {
                [Transient, {{attribute}}] public string Id { get; set; } = "";

                public int Volume { get; set; }
            }
            """,
            $"Member 'Id' is [Transient] and also [{attribute}]", "remove one of the two attributes");
    }

    [Theory]
    [InlineData("bad name!")]
    [InlineData("")]
    [InlineData("données")]
    [InlineData("a/b")]
    public void OVS022_InvalidStoreName(string store)
    {
        Expect("OVS022", $"Store = \"{store}\"", $$"""
            [Layered(Priority = [StateLayer.Memory], Store = "{{store}}")]
            public partial record Settings
            {
                public int Volume { get; set; }
            }
            """,
            $"Store \"{store}\" of 'Demo.Settings' is empty or has characters other than", "use a short identifier such as \"compute_states\"");
    }

    [Fact]
    public void Every_descriptor_has_a_test()
    {
        var ids = typeof(Diagnostics.DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .Order(System.StringComparer.Ordinal)
            .ToList();
        var tested = typeof(DiagnosticTests).GetMethods()
            .Where(m => m.Name.StartsWith("OVS", System.StringComparison.Ordinal))
            .Select(m => m.Name[..6])
            .Distinct()
            .Order(System.StringComparer.Ordinal)
            .ToList();

        Assert.Equal(Enumerable.Range(1, 22).Select(i => $"OVS{i:000}"), ids);
        Assert.Equal(ids, tested);
    }

    [Fact]
    public void Every_message_says_how_to_fix()
    {
        var descriptors = typeof(Diagnostics.DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

        Assert.All(descriptors, d =>
        {
            Assert.Equal("OvasabiState", d.Category);
            Assert.True(d.IsEnabledByDefault);
            Assert.Equal(d.Id == "OVS017" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.NotEmpty(d.Title.ToString(CultureInfo.InvariantCulture));
        });
    }

    /// <summary>Runs one source (after the prelude) and checks the single diagnostic it reports.</summary>
    private static GeneratorRun Expect(string id, string locationText, string source, params string[] messageParts) =>
        ExpectIn(id, locationText, [Prelude + source], messageParts);

    private static GeneratorRun ExpectIn(string id, string locationText, string[] sources, params string[] messageParts)
    {
        var run = GeneratorHarness.Run(sources);

        // The input is valid C#: the only problem a build shows is the generator's.
        Assert.True(run.CompilationProblems.Count == 0, GeneratorRun.Describe(run.CompilationProblems));
        Assert.True(run.GeneratorDiagnostics.Length == 1, $"Expected one {id}, got:\n{GeneratorRun.Describe(run.GeneratorDiagnostics)}");

        var diagnostic = run.GeneratorDiagnostics[0];
        Assert.Equal(id, diagnostic.Id);
        // The descriptor's severity: the strict harness options escalate every warning to an error.
        var expectedSeverity = id == "OVS017" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
        Assert.Equal(expectedSeverity, diagnostic.DefaultSeverity);
        Assert.Equal(locationText, run.TextAt(diagnostic.Location));

        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        foreach (var part in messageParts)
        {
            Assert.True(message.Contains(part, System.StringComparison.Ordinal), $"Message lacks \"{part}\":\n{message}");
        }

        // An error stops generation of that type; the registry may still list valid ones.
        if (expectedSeverity == DiagnosticSeverity.Error && id != "OVS010")
        {
            Assert.Empty(run.Sources);
        }

        return run;
    }
}
