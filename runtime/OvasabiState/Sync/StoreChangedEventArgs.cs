using OvasabiState.Stores;

namespace OvasabiState.Sync;

/// <summary>A record of some store changed (the untyped view of <see cref="StateChange{T}"/>, for dashboards).</summary>
/// <param name="Store">The store name.</param>
/// <param name="Key">The record key.</param>
/// <param name="Kind">Why it changed.</param>
public sealed record StoreChange(string Store, IndexKey Key, StateChangeKind Kind);
