using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OvasabiState.Generators.Diagnostics;
using OvasabiState.Generators.Model;

namespace OvasabiState.Generators.Parsing;

/// <summary>Turns one [Layered] type symbol into a <see cref="LayeredTypeModel"/> plus diagnostics.</summary>
internal static class LayeredParser
{
    // Default layer order (StateLayer values): Memory, IndexedDb, Local, Session.
    private static readonly int[] DefaultLayers = { 0, 3, 2, 1 };
    private static readonly string[] LayerNames = { "Memory", "Session", "Local", "IndexedDb" };
    private static readonly string[] SyncNames = { "Realtime", "Periodic", "Manual" };
    private static readonly string[] PolicyNames = { "LayerPriority", "Newest", "Max", "Min", "Add", "Union" };
    private static readonly Regex StoreNamePattern = new("^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant);

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var attribute = context.Attributes[0];
        var diagnostics = new List<DiagnosticInfo>();
        var location = type.Locations.FirstOrDefault();
        var typeName = type.ToDisplayString();

        void Report(DiagnosticDescriptor descriptor, Location? at, params string[] args) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, at ?? location, args));

        var fatal = !CheckDeclaration(type, Report);

        // Attribute arguments.
        var layers = DefaultLayers.ToList();
        string? store = null;
        var sync = 0;
        var schemaVersion = 1;
        string? retentionText = null;
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Priority" when !argument.Value.IsNull:
                    layers = argument.Value.Values.Select(v => Convert.ToInt32(v.Value, CultureInfo.InvariantCulture)).ToList();
                    break;
                case "Store":
                    store = argument.Value.Value as string;
                    break;
                case "Sync":
                    sync = Convert.ToInt32(argument.Value.Value, CultureInfo.InvariantCulture);
                    break;
                case "SchemaVersion":
                    schemaVersion = Convert.ToInt32(argument.Value.Value, CultureInfo.InvariantCulture);
                    break;
                case "Retention":
                    retentionText = argument.Value.Value as string;
                    break;
            }
        }

        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        if (layers.Count == 0)
        {
            Report(DiagnosticDescriptors.EmptyPriority, ArgumentLocation(attributeSyntax, "Priority"), typeName);
            fatal = true;
        }

        foreach (var duplicate in layers.GroupBy(l => l).Where(g => g.Count() > 1))
        {
            Report(DiagnosticDescriptors.DuplicateLayer, ArgumentLocation(attributeSyntax, "Priority"), typeName, LayerName(duplicate.Key));
            fatal = true;
        }

        if (layers.Any(l => l < 0 || l >= LayerNames.Length) || sync < 0 || sync >= SyncNames.Length)
        {
            fatal = true; // An out-of-range enum cast: the compiler already points at it.
        }

        if (schemaVersion is < 1 or > ushort.MaxValue)
        {
            Report(DiagnosticDescriptors.InvalidSchemaVersion, ArgumentLocation(attributeSyntax, "SchemaVersion"), schemaVersion.ToString(CultureInfo.InvariantCulture), typeName);
            fatal = true;
        }

        long? retentionTicks = null;
        if (retentionText is not null)
        {
            if (TimeSpan.TryParseExact(retentionText, "c", CultureInfo.InvariantCulture, out var retention) && retention > TimeSpan.Zero)
            {
                retentionTicks = retention.Ticks;
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidRetention, ArgumentLocation(attributeSyntax, "Retention"), retentionText, typeName);
                fatal = true;
            }
        }

        store ??= SnakeCase(type.Name);
        if (!StoreNamePattern.IsMatch(store))
        {
            Report(DiagnosticDescriptors.InvalidStoreName, ArgumentLocation(attributeSyntax, "Store"), store, typeName);
            fatal = true;
        }

        // Members.
        var qualifiedName = ShapeAnalyzer.Qualified(type);
        var shapes = new ShapeAnalyzer(qualifiedName, diagnostics, location, cancellationToken);
        var collector = new MemberCollector(shapes, type, isRoot: true, diagnostics, cancellationToken);
        var collected = collector.Collect();
        if (collected is null)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        var members = collected.Value.Members;
        if (members.Count > 64)
        {
            Report(DiagnosticDescriptors.TooManyMembers, location, typeName, members.Count.ToString(CultureInfo.InvariantCulture));
            fatal = true;
        }

        // Merge policies.
        for (var i = 0; i < members.Count; i++)
        {
            var member = collector.Collected[i];
            if (member.Find("MergeAttribute") is { ConstructorArguments.Length: 1 } merge)
            {
                var policy = Convert.ToInt32(merge.ConstructorArguments[0].Value, CultureInfo.InvariantCulture);
                if (policy < 0 || policy >= PolicyNames.Length)
                {
                    fatal = true;
                    continue;
                }

                if (PolicyMisfit(policy, member.Shape) is { } why)
                {
                    Report(DiagnosticDescriptors.PolicyMismatch, MemberLocation(member), PolicyNames[policy], member.Symbol.Name, members[i].TypeDisplay, why);
                    fatal = true;
                }

                members[i] = members[i] with { Policy = policy, PolicyName = PolicyNames[policy] };
            }
        }

        // Key.
        var keys = collector.Collected.Where(c => c.Find("StateKeyAttribute") is not null).ToList();
        string? keyMember = null;
        if (keys.Count > 1)
        {
            Report(DiagnosticDescriptors.MultipleKeys, MemberLocation(keys[1]), typeName, string.Join(", ", keys.Select(k => k.Symbol.Name)));
            fatal = true;
        }
        else if (keys.Count == 1)
        {
            keyMember = keys[0].Symbol.Name;
            if (keys[0].Shape is not { Kind: ShapeKind.Primitive, Primitive: "String" or "Guid" or "Int32" or "Int64" })
            {
                Report(DiagnosticDescriptors.UnsupportedKeyType, MemberLocation(keys[0]), keyMember, members.First(m => m.Name == keyMember).TypeDisplay);
                fatal = true;
            }
        }
        else if (layers.Contains(3))
        {
            Report(DiagnosticDescriptors.MissingKey, location, typeName);
            fatal = true;
        }

        // Indexes.
        var indexes = new List<IndexModel>();
        foreach (var member in collector.Collected)
        {
            if (member.Find("IndexedAttribute") is not { } indexed)
            {
                continue;
            }

            var unique = NamedBool(indexed, "Unique");
            var multiEntry = NamedBool(indexed, "MultiEntry");
            var name = indexed.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string ?? member.Symbol.Name;
            if (NotIndexable(member.Shape, allowCollections: true) is { } why)
            {
                Report(DiagnosticDescriptors.NotIndexable, MemberLocation(member), member.Symbol.Name, member.Type.ToDisplayString(), why);
                fatal = true;
                continue;
            }

            indexes.Add(new IndexModel(name, new[] { member.Symbol.Name }.ToEquatableArray(), unique, multiEntry));
        }

        foreach (var compound in type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == "OvasabiState.CompoundIndexAttribute"))
        {
            var name = compound.ConstructorArguments.ElementAtOrDefault(0).Value as string ?? string.Empty;
            var paths = compound.ConstructorArguments.ElementAtOrDefault(1) is { Kind: TypedConstantKind.Array } array
                ? array.Values.Select(v => v.Value as string ?? string.Empty).ToList()
                : new List<string>();
            var compoundLocation = compound.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
            var problem = paths.Count < 2 ? "a compound index needs at least two members"
                : paths.FirstOrDefault(p => collector.Collected.All(c => c.Symbol.Name != p)) is { } missing ? $"'{missing}' is not a persisted member; use nameof(...) of a persisted member"
                : paths.Distinct().Count() != paths.Count ? "a member is listed twice"
                : paths.Select(p => collector.Collected.First(c => c.Symbol.Name == p)).FirstOrDefault(c => NotIndexable(c.Shape, allowCollections: false) is not null) is { } bad
                    ? $"'{bad.Symbol.Name}' has a type IndexedDB cannot use in a compound key"
                : null;
            if (problem is not null)
            {
                Report(DiagnosticDescriptors.InvalidCompoundIndex, compoundLocation, name, typeName, problem);
                fatal = true;
                continue;
            }

            indexes.Add(new IndexModel(name, paths.ToEquatableArray(), NamedBool(compound, "Unique"), false));
        }

        foreach (var duplicate in indexes.GroupBy(i => i.Name).Where(g => g.Count() > 1 || string.IsNullOrWhiteSpace(g.Key)))
        {
            Report(DiagnosticDescriptors.InvalidCompoundIndex, location, duplicate.Key, typeName,
                string.IsNullOrWhiteSpace(duplicate.Key) ? "the index name is empty" : "two indexes have this name; give each a unique Name");
            fatal = true;
        }

        if (fatal)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        var indexedMembers = members.Select(m => m.Name).Where(n => indexes.Any(i => i.KeyPath.Contains(n))).ToEquatableArray();
        var model = new LayeredTypeModel(
            Namespace: type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            Name: type.Name,
            TypeName: qualifiedName,
            Keyword: Keyword(type),
            IsValueType: type.IsValueType,
            ContainingTypes: ContainingTypes(type).ToEquatableArray(),
            StoreName: store,
            Layers: layers.ToEquatableArray(),
            LayerNames: layers.Select(LayerName).ToEquatableArray(),
            SyncName: SyncNames[sync],
            SchemaVersion: schemaVersion,
            RetentionTicks: retentionTicks,
            KeyMember: keyMember,
            Members: members.ToEquatableArray(),
            Indexes: indexes.ToEquatableArray(),
            IndexedMembers: indexedMembers,
            NestedTypes: shapes.NestedTypes.ToEquatableArray(),
            Construction: collected.Value.Construction,
            SchemaHash: SchemaHash(store, keyMember, schemaVersion, members, indexes));
        return new ParseResult(model, diagnostics.ToEquatableArray());
    }

    private static bool CheckDeclaration(INamedTypeSymbol type, Action<DiagnosticDescriptor, Location?, string[]> report)
    {
        var ok = true;
        var typeName = type.ToDisplayString();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var declarations = current.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
            if (declarations.Count > 0 && declarations.All(d => !d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                report(DiagnosticDescriptors.NotPartial, declarations[0].Identifier.GetLocation(), new[] { typeName, current.Name });
                ok = false;
            }

            if (current.IsGenericType)
            {
                report(DiagnosticDescriptors.Generic, type.Locations.FirstOrDefault(), new[] { typeName });
                ok = false;
                break;
            }
        }

        if (!MemberCollector.IsAccessible(type))
        {
            report(DiagnosticDescriptors.Inaccessible, type.Locations.FirstOrDefault(), new[] { typeName });
            ok = false;
        }

        if (type.TypeKind == TypeKind.Class && type.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
        {
            report(DiagnosticDescriptors.DerivedType, type.Locations.FirstOrDefault(), new[] { typeName, baseType.ToDisplayString() });
            ok = false;
        }

        return ok;
    }

    /// <summary>Why <paramref name="policy"/> does not fit <paramref name="shape"/>, or null when it does.</summary>
    private static string? PolicyMisfit(int policy, TypeShape shape)
    {
        var scalar = shape.Kind == ShapeKind.Nullable ? shape.Element! : shape;
        return policy switch
        {
            2 or 3 when scalar.Kind is not (ShapeKind.Primitive or ShapeKind.Enum) =>
                "Max and Min need a comparable value (number, string, date, time, Guid or enum); use LayerPriority or Newest",
            4 when shape.Kind != ShapeKind.Primitive || shape.Primitive is "Boolean" or "Char" or "String" or "Guid" or "DateTime" or "DateTimeOffset" or "TimeSpan" =>
                "Add keeps both sides' increments and needs a non-nullable number; use Max, LayerPriority or Newest",
            5 when shape.Kind is not (ShapeKind.Array or ShapeKind.List or ShapeKind.ReadOnlyList or ShapeKind.Dictionary) =>
                "Union combines collections and needs an array, list or dictionary; use LayerPriority or Newest",
            _ => null,
        };
    }

    /// <summary>Why IndexedDB cannot index <paramref name="shape"/>, or null when it can.</summary>
    private static string? NotIndexable(TypeShape shape, bool allowCollections)
    {
        if (allowCollections && shape.Kind is ShapeKind.Array or ShapeKind.List or ShapeKind.ReadOnlyList)
        {
            return NotIndexable(shape.Element!, allowCollections: false) is null ? null : " (its elements are not valid keys)";
        }

        var scalar = shape.Kind == ShapeKind.Nullable ? shape.Element! : shape;
        return scalar.Kind switch
        {
            ShapeKind.Enum => null,
            ShapeKind.Primitive when scalar.Primitive is "Boolean" => " (booleans are not valid IndexedDB keys; index a number or string instead)",
            ShapeKind.Primitive when scalar.Primitive is "Decimal" => " (decimals have no exact IndexedDB key; index a double or string instead)",
            ShapeKind.Primitive => null,
            _ => string.Empty,
        };
    }

    private static bool NamedBool(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value is true;

    /// <summary>
    /// Where a bad [Layered] argument is reported: the argument itself (<c>Retention = "..."</c>), so
    /// the squiggle sits on what must change; the whole attribute when the argument is not written.
    /// </summary>
    private static Location? ArgumentLocation(SyntaxNode? attribute, string name) =>
        (attribute as AttributeSyntax)?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation()
        ?? attribute?.GetLocation();

    private static Location? MemberLocation(CollectedMember member) =>
        member.Symbol.Locations.FirstOrDefault(l => l.IsInSource);

    private static string LayerName(int layer) => layer >= 0 && layer < LayerNames.Length ? LayerNames[layer] : layer.ToString(CultureInfo.InvariantCulture);

    private static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.IsValueType) switch
    {
        (true, true) => "record struct",
        (true, false) => "record",
        (false, true) => "struct",
        _ => type.TypeKind == TypeKind.Interface ? "interface" : "class",
    };

    private static IEnumerable<ContainingTypeModel> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<ContainingTypeModel>();
        for (var current = type.ContainingType; current is not null; current = current.ContainingType)
        {
            chain.Insert(0, new ContainingTypeModel(Keyword(current), current.Name));
        }

        return chain;
    }

    internal static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 &&
                (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    /// <summary>FNV-1a 64 over the store's canonical shape: stable across machines and builds.</summary>
    private static string SchemaHash(string store, string? key, int version, List<MemberModel> members, List<IndexModel> indexes)
    {
        var canonical = new StringBuilder()
            .Append("store=").Append(store).Append(";key=").Append(key).Append(";version=").Append(version);
        foreach (var member in members)
        {
            canonical.Append(";member=").Append(member.Name).Append(':').Append(member.Shape.DeclaredName);
        }

        foreach (var index in indexes)
        {
            canonical.Append(";index=").Append(index.Name).Append(':').Append(string.Join(",", index.KeyPath))
                .Append(index.Unique ? ":unique" : string.Empty).Append(index.MultiEntry ? ":multi" : string.Empty);
        }

        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(canonical.ToString()))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
