using System.Linq;

namespace OvasabiState.Generators.Model;

/// <summary>
/// Everything the emitters need for one [Layered] type. A pipeline model: only strings, numbers,
/// enums, records and <see cref="EquatableArray{T}"/>, never symbols, syntax or locations, so an
/// unrelated edit compares equal and every later step stays cached.
/// </summary>
internal sealed record LayeredTypeModel(
    string? Namespace,
    string Name,
    string TypeName,
    string Keyword,
    bool IsValueType,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string StoreName,
    EquatableArray<int> Layers,
    EquatableArray<string> LayerNames,
    string SyncName,
    int SchemaVersion,
    long? RetentionTicks,
    string? KeyMember,
    EquatableArray<MemberModel> Members,
    EquatableArray<IndexModel> Indexes,
    EquatableArray<string> IndexedMembers,
    EquatableArray<NestedTypeModel> NestedTypes,
    ConstructionModel Construction,
    string SchemaHash)
{
    /// <summary>Prefix of generated file names: <c>Namespace.Outer.Type</c>.</summary>
    public string HintPrefix =>
        string.Join(".", new[] { Namespace }.Concat(ContainingTypes.Select(c => c.Name)).Concat(new[] { Name }).Where(p => !string.IsNullOrEmpty(p)));
}
