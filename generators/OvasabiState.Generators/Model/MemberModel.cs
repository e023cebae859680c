namespace OvasabiState.Generators.Model;

/// <summary>A persisted member of a layered or nested type (pipeline model).</summary>
/// <param name="Name">The member name.</param>
/// <param name="Shape">How it is serialized.</param>
/// <param name="Policy">The merge policy (numeric value of OvasabiState.MergePolicy).</param>
/// <param name="PolicyName">The policy's enum member name, for emitted metadata.</param>
/// <param name="TypeDisplay">The member type as the user wrote it, for schemas and messages.</param>
internal sealed record MemberModel(string Name, TypeShape Shape, int Policy, string PolicyName, string TypeDisplay);
