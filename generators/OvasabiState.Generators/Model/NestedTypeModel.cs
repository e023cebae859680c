namespace OvasabiState.Generators.Model;

/// <summary>A plain type used as a member type, serialized with its own helpers (pipeline model).</summary>
/// <param name="Id">Suffix of its helper methods (WriteX, ReadX, EqualX), unique within the record.</param>
/// <param name="TypeName">Fully qualified name.</param>
/// <param name="IsValueType">Struct or record struct.</param>
internal sealed record NestedTypeModel(
    string Id,
    string TypeName,
    bool IsValueType,
    EquatableArray<MemberModel> Members,
    ConstructionModel Construction);
