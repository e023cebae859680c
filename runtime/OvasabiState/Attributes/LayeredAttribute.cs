using System;

namespace OvasabiState;

/// <summary>
/// Marks a <c>partial</c> record, class or struct as layered state: at build time OvasabiState
/// generates its serializer, IndexedDB schema, layer binding and diff/merge code.
/// </summary>
/// <example>
/// <code>
/// [Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb], Store = "compute_states")]
/// public partial record ComputeState
/// {
///     [StateKey] public required string Id { get; init; }
///     public float[] Data { get; init; } = [];
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class LayeredAttribute : Attribute
{
    /// <summary>
    /// The layers the record lives in, highest precedence first. Left out, it is
    /// Memory, IndexedDb, Local, Session.
    /// </summary>
    public StateLayer[]? Priority { get; set; }

    /// <summary>The IndexedDB object store (and storage key prefix). Left out: the type name in snake_case.</summary>
    public string? Store { get; set; }

    /// <summary>When writes reach the lower layers. Default <see cref="SyncMode.Realtime"/>.</summary>
    public SyncMode Sync { get; set; } = SyncMode.Realtime;

    /// <summary>
    /// The schema version written into every payload. Bump it only for a breaking change
    /// (a member removed, reordered or retyped); appending members needs no bump.
    /// Stored data of another version is refused with a typed error, never misread.
    /// </summary>
    public int SchemaVersion { get; set; } = 1;

    /// <summary>
    /// How long a record is kept after its last write, as a <see cref="TimeSpan"/> in invariant
    /// "c" form (<c>"7.00:00:00"</c> is seven days). Left out, records are kept until deleted.
    /// </summary>
    public string? Retention { get; set; }
}
