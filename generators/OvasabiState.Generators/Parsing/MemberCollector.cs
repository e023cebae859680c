using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OvasabiState.Generators.Diagnostics;
using OvasabiState.Generators.Model;

namespace OvasabiState.Generators.Parsing;

/// <summary>A persisted member found on a type, with the symbol and attributes the root parser still needs.</summary>
internal sealed class CollectedMember
{
    public CollectedMember(ISymbol symbol, ITypeSymbol type, TypeShape shape, IReadOnlyList<AttributeData> attributes)
    {
        Symbol = symbol;
        Type = type;
        Shape = shape;
        Attributes = attributes;
    }

    public ISymbol Symbol { get; }

    public ITypeSymbol Type { get; }

    public TypeShape Shape { get; }

    /// <summary>Attributes of the member and, for positional records, of its constructor parameter.</summary>
    public IReadOnlyList<AttributeData> Attributes { get; }

    public AttributeData? Find(string name) =>
        Attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "OvasabiState." + name);
}

/// <summary>
/// Finds the persisted members of a type (settable properties and fields, in declaration order)
/// and how generated code constructs it.
/// </summary>
internal sealed class MemberCollector
{
    private readonly ShapeAnalyzer _shapes;
    private readonly INamedTypeSymbol _type;
    private readonly bool _isRoot;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;

    public MemberCollector(ShapeAnalyzer shapes, INamedTypeSymbol type, bool isRoot, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        _shapes = shapes;
        _type = type;
        _isRoot = isRoot;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    public List<CollectedMember> Collected { get; } = new();

    /// <summary>The members and construction, or null when the type cannot be used (diagnostics reported).</summary>
    public (List<MemberModel> Members, ConstructionModel Construction)? Collect()
    {
        var failed = false;
        var positional = PrimaryConstructor(_type);
        var parameters = positional?.Parameters.ToDictionary(p => p.Name, p => p) ?? new Dictionary<string, IParameterSymbol>();
        var requiredUnpersisted = new List<string>();
        var settableTransients = new List<string>();
        var members = new List<MemberModel>();
        // A nested type reached through a nullable member ('Child?') carries the annotation; messages name the type.
        var typeName = _type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString();

        foreach (var symbol in _type.GetMembers())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (symbol.IsStatic || symbol.IsImplicitlyDeclared || !TryGetMemberType(symbol, out var memberType, out var annotation, out var writable, out var isAuto, out var isRequired))
            {
                continue;
            }

            var attributes = symbol.GetAttributes().ToList();
            // The member keeps its own writability: a positional value is restored through the
            // constructor, but copies ('with') assign it, so a get-only redeclaration is read-only.
            if (parameters.TryGetValue(symbol.Name, out var parameter))
            {
                attributes.AddRange(parameter.GetAttributes());
            }

            if (!_isRoot && !(IsAccessible(symbol) && (symbol is not IPropertySymbol p || p.GetMethod is { } g && IsAccessible(g))))
            {
                continue;
            }

            if (!_isRoot && symbol is IPropertySymbol { SetMethod: { } setter } && !IsAccessible(setter))
            {
                writable = false;
            }

            var isTransient = attributes.Any(a => a.AttributeClass?.ToDisplayString() == "OvasabiState.TransientAttribute");
            if (isTransient)
            {
                if (isRequired)
                {
                    requiredUnpersisted.Add(symbol.Name);
                }
                else if (writable)
                {
                    settableTransients.Add(symbol.Name);
                }

                foreach (var other in new[] { "StateKey", "Indexed" })
                {
                    if (attributes.Any(a => a.AttributeClass?.ToDisplayString() == $"OvasabiState.{other}Attribute"))
                    {
                        _shapes.Report(DiagnosticDescriptors.TransientConflict, symbol, symbol.Name, other);
                        failed = true;
                    }
                }

                continue;
            }

            if (!writable)
            {
                if (isAuto)
                {
                    _shapes.Report(DiagnosticDescriptors.ReadOnlyMember, symbol, symbol.Name, typeName);
                }

                continue;
            }

            var shape = _shapes.Analyze(symbol, memberType!, annotation, typeName);
            if (shape is null)
            {
                failed = true;
                continue;
            }

            Collected.Add(new CollectedMember(symbol, memberType!, shape, attributes));
            members.Add(new MemberModel(symbol.Name, shape, 0, "LayerPriority", memberType!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }

        var construction = Construction(positional, members, requiredUnpersisted, settableTransients);
        if (construction is null)
        {
            _shapes.Report(DiagnosticDescriptors.NoConstructor, _type, typeName);
            failed = true;
        }

        return failed ? null : (members, construction!);
    }

    private ConstructionModel? Construction(IMethodSymbol? positional, List<MemberModel> members, List<string> requiredUnpersisted, List<string> settableTransients)
    {
        var persisted = new HashSet<string>(members.Select(m => m.Name));
        var requiredPersisted = Collected.Where(c => c.Symbol is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
            .Select(c => c.Symbol.Name).ToEquatableArray();
        var supportsWith = _type.IsRecord || _type.IsValueType;

        if (positional is not null && (_isRoot || IsAccessible(positional)))
        {
            var names = positional.Parameters.Select(p => p.Name).ToEquatableArray();
            return new ConstructionModel(names, requiredUnpersisted.ToEquatableArray(), requiredPersisted, supportsWith, settableTransients.ToEquatableArray());
        }

        // Nothing can create an abstract or static type, whatever its constructors.
        if (_type.IsAbstract || _type.IsStatic)
        {
            return null;
        }

        var parameterless = _type.IsValueType || _type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && (_isRoot || IsAccessible(c)));
        return parameterless
            ? new ConstructionModel(EquatableArray<string>.Empty, requiredUnpersisted.ToEquatableArray(), requiredPersisted, supportsWith, settableTransients.ToEquatableArray())
            : null;
    }

    private static bool TryGetMemberType(ISymbol symbol, out ITypeSymbol? type, out NullableAnnotation annotation, out bool writable, out bool isAuto, out bool isRequired)
    {
        switch (symbol)
        {
            case IPropertySymbol { IsIndexer: false, GetMethod: not null, ExplicitInterfaceImplementations.Length: 0 } property:
                type = property.Type;
                annotation = property.NullableAnnotation;
                writable = property.SetMethod is not null;
                isRequired = property.IsRequired;
                isAuto = property.ContainingType.GetMembers().OfType<IFieldSymbol>()
                    .Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));
                return true;
            case IFieldSymbol { IsConst: false } field:
                type = field.Type;
                annotation = field.NullableAnnotation;
                writable = !field.IsReadOnly;
                isAuto = true;
                isRequired = field.IsRequired;
                return true;
            default:
                type = null;
                annotation = default;
                writable = isAuto = isRequired = false;
                return false;
        }
    }

    /// <summary>The primary constructor of a positional record, if any.</summary>
    private static IMethodSymbol? PrimaryConstructor(INamedTypeSymbol type) =>
        type.IsRecord
            ? type.InstanceConstructors.FirstOrDefault(c => c.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is RecordDeclarationSyntax))
            : null;

    /// <summary>True when code elsewhere in the assembly can use the symbol (public or internal, all the way out).</summary>
    internal static bool IsAccessible(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            // A file-local type cannot be named from the generated files (nor extended by partials there).
            if (current is INamedTypeSymbol { IsFileLocal: true })
            {
                return false;
            }

            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal or Accessibility.NotApplicable))
            {
                return false;
            }
        }

        return true;
    }
}
