using System;

namespace OvasabiState;

/// <summary>
/// The member lives in memory only: it is never serialized, persisted, diffed or merged.
/// Its value after hydration is whatever the type's initializer gives it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class TransientAttribute : Attribute;
