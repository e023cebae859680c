using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using OvasabiState.Generators.Diagnostics;
using OvasabiState.Generators.Model;

namespace OvasabiState.Generators.Parsing;

/// <summary>
/// Turns member types into <see cref="TypeShape"/>s, collecting the nested plain types they use
/// (each analysed once) and rejecting unsupported types and cycles.
/// </summary>
internal sealed class ShapeAnalyzer
{
    private readonly Dictionary<string, NestedTypeModel> _nested = new();
    private readonly List<string> _stack = new();
    private readonly HashSet<string> _usedIds = new();
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly Location? _fallbackLocation;
    private readonly CancellationToken _cancellationToken;

    public ShapeAnalyzer(string rootTypeName, List<DiagnosticInfo> diagnostics, Location? fallbackLocation, CancellationToken cancellationToken)
    {
        _stack.Add(rootTypeName);
        _diagnostics = diagnostics;
        _fallbackLocation = fallbackLocation;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The nested types found so far, in the order first met (deterministic).</summary>
    public List<NestedTypeModel> NestedTypes { get; } = new();

    /// <summary>The shape of <paramref name="type"/>, or null after reporting why it is unsupported.</summary>
    public TypeShape? Analyze(ISymbol member, ITypeSymbol type, NullableAnnotation annotation, string ownerName)
    {
        var reason = string.Empty;
        var shape = Shape(member, type, annotation, ref reason);
        if (shape is null && reason is not null)
        {
            Report(DiagnosticDescriptors.UnsupportedMemberType, member, member.Name, ownerName, type.ToDisplayString(), reason);
        }

        return shape;
    }

    // Returns null with reason == null when a diagnostic (a cycle) was already reported.
    private TypeShape? Shape(ISymbol member, ITypeSymbol type, NullableAnnotation annotation, ref string? reason)
    {
        var annotated = annotation == NullableAnnotation.Annotated;
        if (PrimitiveName(type) is { } primitive)
        {
            return new TypeShape(ShapeKind.Primitive, Qualified(type), primitive, null, null, annotated, type.IsValueType);
        }

        switch (type)
        {
            case INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }:
                return new TypeShape(ShapeKind.Enum, Qualified(type), PrimitiveName(underlying), null, null, false, true);

            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                {
                    var inner = Shape(member, nullable.TypeArguments[0], NullableAnnotation.NotAnnotated, ref reason);
                    return inner is null ? null : new TypeShape(ShapeKind.Nullable, inner.TypeName + "?", null, inner, null, false, true);
                }

            case IArrayTypeSymbol array:
                {
                    if (array.Rank != 1)
                    {
                        reason = " (multi-dimensional arrays are not supported; use an array of arrays)";
                        return null;
                    }

                    var element = Shape(member, array.ElementType, array.ElementNullableAnnotation, ref reason);
                    return element is null ? null : new TypeShape(ShapeKind.Array, element.DeclaredName + "[]", null, element, null, annotated, false);
                }

            case INamedTypeSymbol { IsGenericType: true } generic when IsCollection(generic, out var kind):
                return Collection(member, generic, kind, annotated, ref reason);

            case INamedTypeSymbol named when IsPlainType(named, out var whyNot):
                return Nested(member, named, annotated, ref reason);

            case INamedTypeSymbol named when named.TypeKind is TypeKind.Class or TypeKind.Struct:
                IsPlainType(named, out reason);
                return null;

            default:
                reason = string.Empty;
                return null;
        }
    }

    private TypeShape? Collection(ISymbol member, INamedTypeSymbol generic, ShapeKind kind, bool annotated, ref string? reason)
    {
        if (kind == ShapeKind.Dictionary)
        {
            if (generic.TypeArguments[0].SpecialType != SpecialType.System_String)
            {
                reason = " (dictionary keys must be string)";
                return null;
            }

            var value = Shape(member, generic.TypeArguments[1], generic.TypeArgumentNullableAnnotations[1], ref reason);
            return value is null
                ? null
                : new TypeShape(ShapeKind.Dictionary, $"global::System.Collections.Generic.Dictionary<string, {value.DeclaredName}>", null, value, null, annotated, false);
        }

        var element = Shape(member, generic.TypeArguments[0], generic.TypeArgumentNullableAnnotations[0], ref reason);
        if (element is null)
        {
            return null;
        }

        var name = kind == ShapeKind.List ? "List" : "IReadOnlyList";
        return new TypeShape(kind, $"global::System.Collections.Generic.{name}<{element.DeclaredName}>", null, element, null, annotated, false);
    }

    private TypeShape? Nested(ISymbol member, INamedTypeSymbol type, bool annotated, ref string? reason)
    {
        var typeName = Qualified(type);
        if (_stack.Contains(typeName))
        {
            var path = string.Join(" -> ", _stack.Skip(_stack.IndexOf(typeName)).Concat(new[] { typeName }).Select(Short));
            Report(DiagnosticDescriptors.Cycle, member, member.Name, path);
            reason = null;
            return null;
        }

        if (!_nested.TryGetValue(typeName, out var model))
        {
            _stack.Add(typeName);
            var members = new MemberCollector(this, type, isRoot: false, _diagnostics, _cancellationToken).Collect();
            _stack.RemoveAt(_stack.Count - 1);
            if (members is null)
            {
                reason = null;
                return null;
            }

            model = new NestedTypeModel(UniqueId(type.Name), typeName, type.IsValueType, members.Value.Members.ToEquatableArray(), members.Value.Construction);
            _nested[typeName] = model;
            NestedTypes.Add(model);
        }

        return new TypeShape(ShapeKind.Object, typeName, null, null, model.Id, annotated, type.IsValueType);
    }

    internal void Report(DiagnosticDescriptor descriptor, ISymbol? symbol, params string[] arguments)
    {
        var location = symbol?.Locations.FirstOrDefault(l => l.IsInSource) ?? _fallbackLocation;
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
    }

    private string UniqueId(string name)
    {
        var id = name;
        for (var i = 2; !_usedIds.Add(id); i++)
        {
            id = name + i;
        }

        return id;
    }

    private static bool IsCollection(INamedTypeSymbol type, out ShapeKind kind)
    {
        kind = type.OriginalDefinition.ToDisplayString() switch
        {
            "System.Collections.Generic.List<T>" => ShapeKind.List,
            "System.Collections.Generic.IReadOnlyList<T>" => ShapeKind.ReadOnlyList,
            "System.Collections.Generic.Dictionary<TKey, TValue>" => ShapeKind.Dictionary,
            _ => ShapeKind.Primitive,
        };
        return kind != ShapeKind.Primitive;
    }

    private static bool IsPlainType(INamedTypeSymbol type, out string reason)
    {
        reason = string.Empty;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return false;
        }

        if (type.IsGenericType)
        {
            reason = " (generic types other than List<T>, IReadOnlyList<T>, Dictionary<string, T> and Nullable<T> are not supported)";
            return false;
        }

        if (type.IsAbstract || type.IsStatic)
        {
            reason = " (abstract and static types cannot be created when reading)";
            return false;
        }

        if (type.ContainingNamespace?.ToDisplayString() is { } ns && (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal)))
        {
            reason = " (framework types other than the listed ones are not supported)";
            return false;
        }

        if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Delegate)
        {
            return false;
        }

        if (type.BaseType is { SpecialType: not (SpecialType.System_Object or SpecialType.System_ValueType) })
        {
            reason = " (types that derive from another class are not supported as nested types)";
            return false;
        }

        if (!MemberCollector.IsAccessible(type))
        {
            reason = " (the type must be public or internal so generated code can create it)";
            return false;
        }

        return true;
    }

    internal static string? PrimitiveName(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Boolean => "Boolean",
        SpecialType.System_Byte => "Byte",
        SpecialType.System_SByte => "SByte",
        SpecialType.System_Int16 => "Int16",
        SpecialType.System_UInt16 => "UInt16",
        SpecialType.System_Char => "Char",
        SpecialType.System_Int32 => "Int32",
        SpecialType.System_UInt32 => "UInt32",
        SpecialType.System_Int64 => "Int64",
        SpecialType.System_UInt64 => "UInt64",
        SpecialType.System_IntPtr => "IntPtr",
        SpecialType.System_UIntPtr => "UIntPtr",
        SpecialType.System_Single => "Single",
        SpecialType.System_Double => "Double",
        SpecialType.System_Decimal => "Decimal",
        SpecialType.System_String => "String",
        SpecialType.System_DateTime => "DateTime",
        _ => type.ToDisplayString() switch
        {
            "System.Guid" => "Guid",
            "System.DateTimeOffset" => "DateTimeOffset",
            "System.TimeSpan" => "TimeSpan",
            _ => null,
        },
    };

    internal static string Qualified(ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static string Short(string qualified) =>
        qualified.Substring(qualified.LastIndexOf('.') + 1);
}
