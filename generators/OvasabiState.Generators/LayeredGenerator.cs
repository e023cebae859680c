using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using OvasabiState.Generators.Diagnostics;
using OvasabiState.Generators.Emitting;
using OvasabiState.Generators.Model;
using OvasabiState.Generators.Parsing;

namespace OvasabiState.Generators;

/// <summary>
/// Generates, for every <c>[Layered]</c> type, its serializer, IndexedDB schema, binding and
/// diff/merge code, plus one registry per compilation. The pipeline carries only equatable
/// models (see <see cref="LayeredTypeModel"/>), so edits elsewhere leave it cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LayeredGenerator : IIncrementalGenerator
{
    private const string LayeredAttribute = "OvasabiState.LayeredAttribute";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                LayeredAttribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: LayeredParser.Parse)
            .WithTrackingName(TrackingNames.Parse);

        var models = parsed
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Models);

        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        var registry = parsed
            .Select(static (result, _) => result.Model is { } m ? new RegistryEntry(m.TypeName, m.StoreName, null) : null)
            .Where(static entry => entry is not null)
            .Select(static (entry, _) => entry!)
            .WithTrackingName(TrackingNames.RegistryEntries)
            .Collect()
            .WithTrackingName(TrackingNames.Registry);

        var storeNames = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                LayeredAttribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (ctx, _) => StoreClaim(ctx))
            .Collect();

        context.RegisterSourceOutput(diagnostics, static (spc, items) =>
        {
            foreach (var diagnostic in items)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(models, static (spc, model) => Emit(spc, model));
        context.RegisterSourceOutput(registry, static (spc, entries) =>
        {
            if (!entries.IsEmpty)
            {
                spc.AddSource("OvasabiState.LayeredRegistry.g.cs", SourceText.From(RegistryEmitter.Emit(entries), Encoding.UTF8));
            }
        });
        context.RegisterSourceOutput(storeNames, static (spc, claims) => ReportDuplicateStores(spc, claims));
    }

    private static void Emit(SourceProductionContext context, LayeredTypeModel model)
    {
        var emit = new EmitContext(model);
        Add(context, model, "Binding", BindingEmitter.Emit(emit));
        Add(context, model, "Schema", SchemaEmitter.Emit(emit));
        Add(context, model, "Serializer", SerializerEmitter.Emit(emit));
        Add(context, model, "Diff", DiffEmitter.Emit(emit));
    }

    private static void Add(SourceProductionContext context, LayeredTypeModel model, string artifact, string text)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        context.AddSource($"{model.HintPrefix}.{artifact}.g.cs", SourceText.From(text, Encoding.UTF8));
    }

    /// <summary>The store name a type claims (explicit or derived), with where to report a clash.</summary>
    private static RegistryEntry StoreClaim(GeneratorAttributeSyntaxContext context)
    {
        var store = context.Attributes[0].NamedArguments.FirstOrDefault(a => a.Key == "Store").Value.Value as string
            ?? LayeredParser.SnakeCase(context.TargetSymbol.Name);
        return new RegistryEntry(context.TargetSymbol.ToDisplayString(), store, LocationInfo.From(context.TargetSymbol.Locations.FirstOrDefault()));
    }

    private static void ReportDuplicateStores(SourceProductionContext context, ImmutableArray<RegistryEntry> claims)
    {
        foreach (var group in claims.GroupBy(c => c.StoreName).Where(g => g.Count() > 1))
        {
            var ordered = group.OrderBy(c => c.TypeName, System.StringComparer.Ordinal).ToList();
            foreach (var claim in ordered.Skip(1))
            {
                var info = DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateStore, null, group.Key, ordered[0].TypeName, claim.TypeName);
                context.ReportDiagnostic((info with { Location = claim.Location }).ToDiagnostic());
            }
        }
    }
}
