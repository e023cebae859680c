using System;
using OvasabiState.Generators.Model;

namespace OvasabiState.Generators.Emitting;

/// <summary>
/// The C# expressions for serializing, comparing and indexing a value of a given shape. Shared
/// logic lives in runtime helpers (StateWriter, StateReader, StateEquality, IndexKey) so the
/// generated code stays one short line per member.
/// </summary>
internal static class ShapeCode
{
    public const string Writer = "global::OvasabiState.Serialization.StateWriter";
    public const string Reader = "global::OvasabiState.Serialization.StateReader";
    public const string Equality = "global::OvasabiState.StateEquality";
    public const string IndexKey = "global::OvasabiState.IndexKey";

    /// <summary>A statement-expression writing <paramref name="value"/> with writer variable <paramref name="w"/>.</summary>
    public static string Write(TypeShape shape, string w, string value, int depth = 0) => shape.Kind switch
    {
        ShapeKind.Primitive => $"{w}.Write{shape.Primitive}({value})",
        ShapeKind.Enum => $"{w}.Write{shape.Primitive}(({Keyword(shape.Primitive!)}){value})",
        ShapeKind.Nullable => $"{w}.WriteNullable({value}, {WriterLambda(shape.Element!, depth)})",
        ShapeKind.Array when IsBulk(shape.Element!) => $"{w}.WriteUnmanagedArray({value})",
        ShapeKind.List when IsBulk(shape.Element!) => $"{w}.WriteUnmanagedList({value})",
        ShapeKind.ReadOnlyList when IsBulk(shape.Element!) => $"{w}.WriteUnmanagedReadOnlyList({value})",
        ShapeKind.Array => $"{w}.WriteArray({value}, {WriterLambda(shape.Element!, depth)})",
        ShapeKind.List => $"{w}.WriteList({value}, {WriterLambda(shape.Element!, depth)})",
        ShapeKind.ReadOnlyList => $"{w}.WriteReadOnlyList({value}, {WriterLambda(shape.Element!, depth)})",
        ShapeKind.Dictionary => $"{w}.WriteDictionary({value}, {WriterLambda(shape.Element!, depth)})",
        ShapeKind.Object => $"Write{shape.NestedId}(ref {w}, {value})",
        _ => throw new InvalidOperationException(shape.Kind.ToString()),
    };

    /// <summary>An expression reading a value with reader variable <paramref name="r"/>.</summary>
    public static string Read(TypeShape shape, string r, int depth = 0)
    {
        var read = shape.Kind switch
        {
            ShapeKind.Primitive => $"{r}.Read{shape.Primitive}()",
            ShapeKind.Enum => $"({shape.TypeName}){r}.Read{shape.Primitive}()",
            ShapeKind.Nullable => $"{r}.ReadNullable<{shape.Element!.TypeName}>({ReaderLambda(shape.Element!, depth)})",
            ShapeKind.Array or ShapeKind.ReadOnlyList when IsBulk(shape.Element!) => $"{r}.ReadUnmanagedArray<{shape.Element!.TypeName}>()",
            ShapeKind.List when IsBulk(shape.Element!) => $"{r}.ReadUnmanagedList<{shape.Element!.TypeName}>()",
            ShapeKind.Array or ShapeKind.ReadOnlyList => $"{r}.ReadArray<{shape.Element!.DeclaredName}>({ReaderLambda(shape.Element!, depth)}, {MinSize(shape.Element!)})",
            ShapeKind.List => $"{r}.ReadList<{shape.Element!.DeclaredName}>({ReaderLambda(shape.Element!, depth)}, {MinSize(shape.Element!)})",
            ShapeKind.Dictionary => $"{r}.ReadDictionary<{shape.Element!.DeclaredName}>({ReaderLambda(shape.Element!, depth)}, {MinSize(shape.Element!)})",
            ShapeKind.Object => $"Read{shape.NestedId}(ref {r})",
            _ => throw new InvalidOperationException(shape.Kind.ToString()),
        };

        // Readers return null for a null reference; a member declared non-nullable takes it as it was stored.
        return !shape.IsValueType && !shape.IsNullableAnnotated ? read + "!" : read;
    }

    /// <summary>A boolean expression: the two values serialize to the same bytes.</summary>
    public static string Equal(TypeShape shape, string a, string b, int depth = 0) => shape.Kind switch
    {
        ShapeKind.Primitive when shape.Primitive is "Single" or "Double" or "Decimal" or "DateTime" or "DateTimeOffset" or "String" =>
            $"{Equality}.Equal({a}, {b})",
        ShapeKind.Primitive or ShapeKind.Enum => $"{a} == {b}",
        ShapeKind.Nullable => $"{Equality}.Optional({a}, {b}, {EqualLambda(shape.Element!, depth)})",
        ShapeKind.Array or ShapeKind.List when IsBulk(shape.Element!) => $"{Equality}.Unmanaged({a}, {b})",
        ShapeKind.Array or ShapeKind.List or ShapeKind.ReadOnlyList => $"{Equality}.Sequence({a}, {b}, {EqualLambda(shape.Element!, depth)})",
        ShapeKind.Dictionary => $"{Equality}.Map({a}, {b}, {EqualLambda(shape.Element!, depth)})",
        ShapeKind.Object => $"Equal{shape.NestedId}({a}, {b})",
        _ => throw new InvalidOperationException(shape.Kind.ToString()),
    };

    /// <summary>A boolean expression: the two values serialize to different bytes.</summary>
    public static string NotEqual(TypeShape shape, string a, string b) =>
        shape.Kind is ShapeKind.Primitive or ShapeKind.Enum && !Equal(shape, a, b).StartsWith(Equality, StringComparison.Ordinal)
            ? $"{a} != {b}"
            : "!" + Equal(shape, a, b);

    /// <summary>An expression converting the value to an IndexedDB key.</summary>
    public static string ToIndexKey(TypeShape shape, string value, int depth = 0)
    {
        var x = "x" + depth;
        return shape.Kind switch
        {
            ShapeKind.Primitive when shape.Primitive is "String" or "Guid" or "DateTime" or "DateTimeOffset" or "TimeSpan" or "Int64" or "UInt64" =>
                $"{IndexKey}.From({value})",
            ShapeKind.Primitive or ShapeKind.Enum => $"{IndexKey}.From((double){value})",
            ShapeKind.Nullable => $"{IndexKey}.From({value}, static {x} => {ToIndexKey(shape.Element!, x, depth + 1)})",
            ShapeKind.Array or ShapeKind.List or ShapeKind.ReadOnlyList => $"{IndexKey}.Many({value}, static {x} => {ToIndexKey(shape.Element!, x, depth + 1)})",
            _ => throw new InvalidOperationException(shape.Kind.ToString()),
        };
    }

    /// <summary>Fewest bytes a value of the shape takes: readers check counts against it before allocating.</summary>
    public static int MinSize(TypeShape shape) => shape.Kind switch
    {
        ShapeKind.Primitive or ShapeKind.Enum => PrimitiveSize(shape.Primitive!),
        ShapeKind.Object => shape.IsValueType ? 5 : 4,
        _ => 1,
    };

    /// <summary>Unmanaged element types copied in bulk (their in-memory bytes are the format).</summary>
    public static bool IsBulk(TypeShape shape) =>
        shape.Kind is ShapeKind.Primitive or ShapeKind.Enum &&
        shape.Primitive is "Byte" or "SByte" or "Int16" or "UInt16" or "Char" or "Int32" or "UInt32" or "Int64" or "UInt64" or "Single" or "Double";

    private static string WriterLambda(TypeShape shape, int depth)
    {
        var (w, x) = ("w" + depth, "x" + depth);
        return $"static (ref {Writer} {w}, {shape.DeclaredName} {x}) => {Write(shape, w, x, depth + 1)}";
    }

    private static string ReaderLambda(TypeShape shape, int depth)
    {
        var r = "r" + depth;
        return $"static (ref {Reader} {r}) => {Read(shape, r, depth + 1)}";
    }

    private static string EqualLambda(TypeShape shape, int depth)
    {
        var (a, b) = ("a" + depth, "b" + depth);
        return $"static ({a}, {b}) => {Equal(shape, a, b, depth + 1)}";
    }

    private static int PrimitiveSize(string primitive) => primitive switch
    {
        "Boolean" or "Byte" or "SByte" or "String" => 1,
        "Int16" or "UInt16" or "Char" => 2,
        "Int32" or "UInt32" or "Single" => 4,
        "DateTimeOffset" => 10,
        "Decimal" or "Guid" => 16,
        _ => 8,
    };

    private static string Keyword(string primitive) => primitive switch
    {
        "Byte" => "byte",
        "SByte" => "sbyte",
        "Int16" => "short",
        "UInt16" => "ushort",
        "Int32" => "int",
        "UInt32" => "uint",
        "Int64" => "long",
        "UInt64" => "ulong",
        _ => throw new InvalidOperationException(primitive),
    };
}
