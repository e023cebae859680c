namespace OvasabiState.Generators.Model;

/// <summary>How a member type is serialized, compared and indexed.</summary>
internal enum ShapeKind
{
    /// <summary>A primitive or well-known value: <see cref="TypeShape.Primitive"/> names it.</summary>
    Primitive,
    Enum,
    Nullable,
    Array,
    List,
    ReadOnlyList,
    Dictionary,
    Object,
}

/// <summary>
/// A member type, recursively (pipeline model: strings, enums and nested shapes only).
/// </summary>
/// <param name="Kind">The shape.</param>
/// <param name="TypeName">The fully qualified C# type (<c>global::</c>), without a nullable annotation.</param>
/// <param name="Primitive">For primitives the reader/writer suffix (Int32, String...); for enums the underlying primitive.</param>
/// <param name="Element">Element, value or underlying shape of collections and nullables.</param>
/// <param name="NestedId">For objects: the id of the nested type's generated helpers.</param>
/// <param name="IsNullableAnnotated">For reference types: declared with <c>?</c>.</param>
/// <param name="IsValueType">True for structs, enums and primitives other than string.</param>
internal sealed record TypeShape(
    ShapeKind Kind,
    string TypeName,
    string? Primitive,
    TypeShape? Element,
    string? NestedId,
    bool IsNullableAnnotated,
    bool IsValueType)
{
    /// <summary>The type as written in a declaration, with <c>?</c> when annotated.</summary>
    public string DeclaredName => IsNullableAnnotated && !IsValueType ? TypeName + "?" : TypeName;
}
