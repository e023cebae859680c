namespace OvasabiState;

/// <summary>A persisted member of a layered record, for tooling and dashboards.</summary>
/// <param name="Name">The member name.</param>
/// <param name="TypeName">The member type as written in C#.</param>
/// <param name="Policy">The merge policy for conflicts on this member.</param>
public sealed record StateMemberInfo(string Name, string TypeName, MergePolicy Policy);
