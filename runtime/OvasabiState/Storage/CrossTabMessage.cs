namespace OvasabiState.Storage;

/// <summary>A change announced to the other tabs: which record of which store changed, by whom.</summary>
/// <param name="Store">The store name.</param>
/// <param name="Key">The record key's canonical text (<see cref="IndexKey.ToString"/>), user-scoped.</param>
/// <param name="Origin">The sending tab's instance id.</param>
/// <param name="ContentHash">The content hash after the change (0 for a delete).</param>
public sealed record CrossTabMessage(string Store, string Key, string Origin, ulong ContentHash);
