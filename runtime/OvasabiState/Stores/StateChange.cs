namespace OvasabiState.Stores;

/// <summary>A change to one record of a store.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Key">The record key.</param>
/// <param name="Kind">Why it changed.</param>
/// <param name="Value">The new value; default after a delete.</param>
/// <param name="ChangedMembers">The members that differ from the previous value (all, for a new or deleted record).</param>
public sealed record StateChange<T>(IndexKey Key, StateChangeKind Kind, T? Value, MemberMask ChangedMembers);
