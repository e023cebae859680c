using System.Linq;
using OvasabiState.Generators.Model;

namespace OvasabiState.Generators.Emitting;

/// <summary>
/// Emits <c>{Type}.Schema.g.cs</c>: the IndexedDB object store (name, key path, indexes,
/// version) and a stable hash of its shape, which changes exactly when an upgrade is needed.
/// </summary>
internal static class SchemaEmitter
{
    public static string Emit(EmitContext context)
    {
        var model = context.Model;
        return context.File(writer =>
        {
            writer.Line("/// <summary>Stable hash of the store's shape (store, key, version, members, indexes).</summary>");
            writer.Line($"public const string SchemaHash = \"{model.SchemaHash}\";");
            writer.Line();
            writer.Line("private static global::OvasabiState.StoreSchema CreateSchema() => new(");
            writer.Line($"    name: {Literal(model.StoreName)},");
            writer.Line($"    keyPath: {(model.KeyMember is null ? "null" : Literal(model.KeyMember))},");
            writer.Line($"    version: {model.SchemaVersion},");
            writer.Line("    hash: SchemaHash,");
            writer.Line(model.Indexes.Count == 0 ? "    indexes: []," : "    indexes:");
            if (model.Indexes.Count > 0)
            {
                writer.Line("    [");
                foreach (var index in model.Indexes)
                {
                    var keyPath = string.Join(", ", index.KeyPath.Select(Literal));
                    writer.Line($"        new global::OvasabiState.IndexSchema({Literal(index.Name)}, [{keyPath}], unique: {Bool(index.Unique)}, multiEntry: {Bool(index.MultiEntry)}),");
                }

                writer.Line("    ],");
            }

            writer.Line($"    indexedMembers: [{string.Join(", ", model.IndexedMembers.Select(Literal))}],");
            writer.Line("    members:");
            writer.Line("    [");
            foreach (var member in model.Members)
            {
                writer.Line($"        new global::OvasabiState.StateMemberInfo({Literal(member.Name)}, {Literal(member.TypeDisplay)}, global::OvasabiState.MergePolicy.{member.PolicyName}),");
            }

            writer.Line("    ]);");
        });
    }

    private static string Literal(string text) =>
        Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);

    private static string Bool(bool value) => value ? "true" : "false";
}
