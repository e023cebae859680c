using System.Linq;
using OvasabiState.Generators.Model;

namespace OvasabiState.Generators.Emitting;

/// <summary>
/// Emits <c>{Type}.Diff.g.cs</c>: member-level diff, apply and three-way merge of the record, and
/// equality of the nested types it uses. Equality means "serializes to the same bytes".
/// </summary>
internal static class DiffEmitter
{
    public static string Emit(EmitContext context)
    {
        var model = context.Model;
        var members = model.Members;
        return context.File(writer =>
        {
            writer.Line("/// <inheritdoc />");
            using (writer.Block($"public override global::OvasabiState.MemberMask Diff(in {model.TypeName} left, in {model.TypeName} right)"))
            {
                writer.Line("var bits = 0UL;");
                for (var i = 0; i < members.Count; i++)
                {
                    writer.Line($"if ({ShapeCode.NotEqual(members[i].Shape, "left." + EmitContext.Identifier(members[i].Name), "right." + EmitContext.Identifier(members[i].Name))}) bits |= 1UL << {i};");
                }

                writer.Line("return new global::OvasabiState.MemberMask(bits);");
            }

            writer.Line();
            writer.Line("/// <inheritdoc />");
            using (writer.Block($"public override {model.TypeName} Apply(in {model.TypeName} target, in {model.TypeName} source, global::OvasabiState.MemberMask members)"))
            {
                writer.Line("var bits = members.Bits;");
                writer.Lines("return " + Copy(model, "target", i => $"(bits & (1UL << {i})) != 0 ? source.{EmitContext.Identifier(members[i].Name)} : target.{EmitContext.Identifier(members[i].Name)}") + ";");
            }

            writer.Line();
            writer.Line("/// <inheritdoc />");
            using (writer.Block($"public override global::OvasabiState.MergeResult<{model.TypeName}> Merge(in {model.TypeName} @base, in {model.TypeName} ours, in {model.TypeName} theirs, global::OvasabiState.MergeContext context)"))
            {
                writer.Line("var conflicts = 0UL;");
                for (var i = 0; i < members.Count; i++)
                {
                    EmitMergeMember(writer, members[i], i, EmitContext.Local(members, i));
                }

                writer.Lines("var merged = " + Copy(model, "ours", i => EmitContext.Local(members, i)) + ";");
                writer.Line($"return new global::OvasabiState.MergeResult<{model.TypeName}>(merged, new global::OvasabiState.MemberMask(conflicts));");
            }

            foreach (var nested in model.NestedTypes)
            {
                writer.Line();
                EmitNestedEquality(writer, nested);
            }
        });
    }

    private static void EmitMergeMember(SourceWriter writer, MemberModel member, int index, string local)
    {
        var name = EmitContext.Identifier(member.Name);
        string Eq(string a, string b) => ShapeCode.Equal(member.Shape, $"{a}.{name}", $"{b}.{name}");
        string Ne(string a, string b) => ShapeCode.NotEqual(member.Shape, $"{a}.{name}", $"{b}.{name}");

        writer.Line($"var {local} = ours.{name};");
        using (writer.Block($"if ({Ne("ours", "theirs")})"))
        {
            writer.Line($"if ({Eq("@base", "ours")}) {local} = theirs.{name};");
            writer.Line($"else if ({Ne("@base", "theirs")}) {{ {local} = {Resolve(member)}; conflicts |= 1UL << {index}; }}");
        }
    }

    /// <summary>The expression deciding a conflict on <paramref name="member"/> by its policy.</summary>
    private static string Resolve(MemberModel member)
    {
        var name = EmitContext.Identifier(member.Name);
        var (o, t) = ($"ours.{name}", $"theirs.{name}");
        var stringComparer = IsString(member.Shape) ? ", global::System.StringComparer.Ordinal" : string.Empty;
        var bang = !member.Shape.IsValueType && !member.Shape.IsNullableAnnotated ? "!" : string.Empty;
        return member.PolicyName switch
        {
            "Newest" => $"context.ByTime({o}, {t})",
            "Max" => $"global::OvasabiState.MergePolicies.Max({o}, {t}, context{stringComparer}){bang}",
            "Min" => $"global::OvasabiState.MergePolicies.Min({o}, {t}, context{stringComparer}){bang}",
            "Add" => $"global::OvasabiState.MergePolicies.Add(@base.{name}, {o}, {t})",
            "Union" => $"global::OvasabiState.MergePolicies.Union({o}, {t}, context){bang}",
            _ => $"context.ByPriority({o}, {t})",
        };
    }

    /// <summary>A copy of <paramref name="basis"/> with every persisted member set; transient members keep the basis's values.</summary>
    private static string Copy(LayeredTypeModel model, string basis, System.Func<int, string> valueOf)
    {
        var members = model.Members;
        if (model.Construction.SupportsWith)
        {
            var assignments = members.Select((m, i) => $"{EmitContext.Identifier(m.Name)} = {valueOf(i)},").ToList();
            return assignments.Count == 0
                ? basis
                : $"{basis} with\n{{\n    {string.Join("\n    ", assignments)}\n}}";
        }

        var carried = model.Construction.SettableTransients.Concat(model.Construction.RequiredUnpersisted)
            .Select(EmitContext.Identifier)
            .Select(n => $"{n} = {basis}.{n},");
        return EmitContext.Construct(model.TypeName, model.Construction, members, valueOf, carried);
    }

    private static void EmitNestedEquality(SourceWriter writer, NestedTypeModel nested)
    {
        var declared = nested.IsValueType ? nested.TypeName : nested.TypeName + "?";
        writer.Line($"/// <summary>True when two <see cref=\"{nested.TypeName}\"/> values serialize to the same bytes.</summary>");
        using (writer.Block($"private static bool Equal{nested.Id}({declared} left, {declared} right)"))
        {
            if (!nested.IsValueType)
            {
                writer.Line("if (ReferenceEquals(left, right)) return true;");
                writer.Line("if (left is null || right is null) return false;");
            }

            var comparisons = nested.Members.Select(m => ShapeCode.Equal(m.Shape, "left." + EmitContext.Identifier(m.Name), "right." + EmitContext.Identifier(m.Name))).ToList();
            writer.Lines(comparisons.Count == 0 ? "return true;" : "return " + string.Join("\n    && ", comparisons) + ";");
        }
    }

    private static bool IsString(TypeShape shape) =>
        shape.Kind == ShapeKind.Primitive && shape.Primitive == "String";
}
