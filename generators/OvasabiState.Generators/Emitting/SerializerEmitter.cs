using System.Collections.Generic;
using System.Linq;
using OvasabiState.Generators.Model;

namespace OvasabiState.Generators.Emitting;

/// <summary>
/// Emits <c>{Type}.Serializer.g.cs</c>: Write and Read of the record and of every nested type it
/// uses. Members are written in declaration order; a reader fills members missing from older
/// payloads with their initializer values and skips members appended by newer writers.
/// </summary>
internal static class SerializerEmitter
{
    private const string NotNull = "[global::System.Diagnostics.CodeAnalysis.NotNull]";

    public static string Emit(EmitContext context)
    {
        var model = context.Model;
        return context.File(writer =>
        {
            writer.Line("/// <inheritdoc />");
            using (writer.Block($"public override void Write(ref {ShapeCode.Writer} writer, in {model.TypeName} value)"))
            {
                if (!model.IsValueType)
                {
                    writer.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
                }

                writer.Line($"writer.WriteHeader(schemaVersion: {model.SchemaVersion}, memberCount: {model.Members.Count});");
                WriteMembers(writer, model.Members);
            }

            writer.Line();
            writer.Line("/// <inheritdoc />");
            using (writer.Block($"public override {model.TypeName} Read(ref {ShapeCode.Reader} reader)"))
            {
                writer.Line($"var count = reader.ReadHeader(expectedSchemaVersion: {model.SchemaVersion});");
                ReadMembers(writer, model.Members, "CreateDefault()");
                writer.Line($"reader.EndPayload(count, {model.Members.Count});");
                writer.Lines($"return {EmitContext.Construct(model.TypeName, model.Construction, model.Members, i => EmitContext.Local(model.Members, i), EmitContext.RequiredDefaults(model.Construction))};");
            }

            foreach (var nested in model.NestedTypes)
            {
                writer.Line();
                EmitNested(writer, nested);
            }
        });
    }

    private static void EmitNested(SourceWriter writer, NestedTypeModel nested)
    {
        var declared = nested.IsValueType ? nested.TypeName : nested.TypeName + "?";
        var members = nested.Members;
        writer.Line($"/// <summary>Writes a nested <see cref=\"{nested.TypeName}\"/> as a length-prefixed object.</summary>");
        using (writer.Block($"private static void Write{nested.Id}(ref {ShapeCode.Writer} writer, {declared} value)"))
        {
            if (!nested.IsValueType)
            {
                using (writer.Block("if (value is null)"))
                {
                    writer.Line("writer.WriteNullObject();");
                    writer.Line("return;");
                }

                writer.Line();
            }

            writer.Line($"var start = writer.BeginObject(memberCount: {members.Count});");
            WriteMembers(writer, members);
            writer.Line("writer.EndObject(start);");
        }

        writer.Line();
        writer.Line($"/// <summary>Reads a nested <see cref=\"{nested.TypeName}\"/>.</summary>");
        using (writer.Block($"private static {declared} Read{nested.Id}(ref {ShapeCode.Reader} reader)"))
        {
            using (writer.Block("if (!reader.BeginObject(out var count, out var end))"))
            {
                writer.Line(nested.IsValueType
                    ? $"throw reader.Error(global::OvasabiState.Serialization.StateFormatError.InvalidValue, \"a {nested.Id} struct is stored as null\");"
                    : "return null;");
            }

            writer.Line();
            ReadMembers(writer, members, EmitContext.Defaults(nested.TypeName, nested.Construction));
            writer.Line($"reader.EndObject(end, count, {members.Count});");
            writer.Lines($"return {EmitContext.Construct(nested.TypeName, nested.Construction, members, i => EmitContext.Local(members, i), EmitContext.RequiredDefaults(nested.Construction))};");
        }
    }

    private static void WriteMembers(SourceWriter writer, IReadOnlyList<MemberModel> members)
    {
        foreach (var member in members)
        {
            writer.Line(ShapeCode.Write(member.Shape, "writer", "value." + EmitContext.Identifier(member.Name)) + ";");
        }
    }

    private static void ReadMembers(SourceWriter writer, IReadOnlyList<MemberModel> members, string createDefaults)
    {
        if (members.Count == 0)
        {
            return;
        }

        // Only payloads from an older version (fewer members) pay for a defaults instance.
        writer.Line($"var defaults = count < {members.Count} ? {createDefaults} : default;");
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            writer.Line($"{member.Shape.DeclaredName} {EmitContext.Local(members, i)} = count > {i} ? {ShapeCode.Read(member.Shape, "reader")} : defaults!.{EmitContext.Identifier(member.Name)};");
        }
    }
}
