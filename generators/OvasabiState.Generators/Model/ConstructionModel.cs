namespace OvasabiState.Generators.Model;

/// <summary>How generated code creates an instance (pipeline model).</summary>
/// <param name="PositionalParameters">For a positional record: the primary-constructor parameter names, in order. A parameter named like a persisted member gets its value; the others get default.</param>
/// <param name="RequiredUnpersisted">Required members that are not persisted (transient): set to default when reading.</param>
/// <param name="RequiredPersisted">Required persisted members: set to default in the defaults instance.</param>
/// <param name="SupportsWith">Records and structs: copies use <c>with</c>, keeping transient members.</param>
/// <param name="SettableTransients">Transient members a copy of a class carries over by assignment.</param>
internal sealed record ConstructionModel(
    EquatableArray<string> PositionalParameters,
    EquatableArray<string> RequiredUnpersisted,
    EquatableArray<string> RequiredPersisted,
    bool SupportsWith,
    EquatableArray<string> SettableTransients)
{
    public bool IsPositional => PositionalParameters.Count > 0;
}
