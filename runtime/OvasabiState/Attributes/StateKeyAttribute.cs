using System;

namespace OvasabiState;

/// <summary>
/// The member that identifies a record within its store (the IndexedDB key path). Supported key
/// types: <see cref="string"/>, <see cref="Guid"/>, <see cref="int"/>, <see cref="long"/>.
/// A record without a key is a singleton: one value per user.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class StateKeyAttribute : Attribute;
