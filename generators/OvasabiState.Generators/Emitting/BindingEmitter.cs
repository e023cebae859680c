using System.Globalization;
using System.Linq;
using OvasabiState.Generators.Model;

namespace OvasabiState.Generators.Emitting;

/// <summary>
/// Emits <c>{Type}.Binding.g.cs</c>: the binding class with the record's layers, sync mode and
/// retention, key and index extraction, the default value, and the <c>ILayered</c> hook.
/// </summary>
internal static class BindingEmitter
{
    public static string Emit(EmitContext context)
    {
        var model = context.Model;
        var typeLevel =
            $"/// <summary>The generated OvasabiState binding of this type: serializer, schema, keys, diff and merge.</summary>\n" +
            $"static global::OvasabiState.StateBinding<{model.TypeName}> global::OvasabiState.ILayered<{model.TypeName}>.Binding => {EmitContext.BindingClass}.Instance;";

        return context.File(writer =>
        {
            writer.Line("/// <summary>The one instance, shared by every store of this type.</summary>");
            writer.Line($"public static readonly {EmitContext.BindingClass} Instance = new();");
            writer.Line();
            writer.Line($"private {EmitContext.BindingClass}()");
            writer.Line("    : base(");
            writer.Line($"        typeName: \"{model.TypeName.Replace("global::", string.Empty)}\",");
            writer.Line("        schema: CreateSchema(),");
            writer.Line($"        layers: [{string.Join(", ", model.LayerNames.Select(l => "global::OvasabiState.StateLayer." + l))}],");
            writer.Line($"        sync: global::OvasabiState.SyncMode.{model.SyncName},");
            writer.Line($"        retention: {(model.RetentionTicks is { } ticks ? $"global::System.TimeSpan.FromTicks({ticks.ToString(CultureInfo.InvariantCulture)}L)" : "null")})");
            writer.Line("{");
            writer.Line("}");
            writer.Line();

            writer.Line("/// <inheritdoc />");
            writer.Line($"public override {model.TypeName} CreateDefault() => {EmitContext.Defaults(model.TypeName, model.Construction)};");
            writer.Line();

            writer.Line("/// <inheritdoc />");
            writer.Line(model.KeyMember is { } key
                ? $"public override global::OvasabiState.IndexKey GetKey(in {model.TypeName} value) => {ShapeCode.ToIndexKey(model.Members.First(m => m.Name == key).Shape, "value." + EmitContext.Identifier(key))};"
                : $"public override global::OvasabiState.IndexKey GetKey(in {model.TypeName} value) => global::OvasabiState.IndexKey.Singleton;");
            writer.Line();

            writer.Line("/// <inheritdoc />");
            writer.Line($"public override global::OvasabiState.IndexKey GetIndexedValue(in {model.TypeName} value, int ordinal) => ordinal switch");
            writer.Line("{");
            for (var i = 0; i < model.IndexedMembers.Count; i++)
            {
                var member = model.Members.First(m => m.Name == model.IndexedMembers[i]);
                writer.Line($"    {i} => {ShapeCode.ToIndexKey(member.Shape, "value." + EmitContext.Identifier(member.Name))},");
            }

            writer.Line("    _ => throw new global::System.ArgumentOutOfRangeException(nameof(ordinal), ordinal, \"No indexed member has this ordinal.\"),");
            writer.Line("};");
        }, typeLevel, declareBinding: true);
    }
}
