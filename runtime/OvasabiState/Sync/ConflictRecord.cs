using System;

namespace OvasabiState.Sync;

/// <summary>
/// One logged conflict: two copies of a record changed independently (an edit against a
/// concurrent delete included). Kept in the conflict log,
/// which is itself a layered record (memory, IndexedDB, localStorage), so it survives reloads.
/// Payloads are the serialized copies; decode them with the record type's binding. Entries are
/// kept 30 days.
/// </summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb, StateLayer.Local], Store = "ovasabi_conflicts", Sync = SyncMode.Realtime, Retention = "30.00:00:00")]
public sealed partial record ConflictRecord
{
    /// <summary>The log entry's id.</summary>
    [StateKey]
    public string Id { get; init; } = "";

    /// <summary>The record type's store.</summary>
    [Indexed]
    public string Store { get; init; } = "";

    /// <summary>The record type's full name.</summary>
    public string TypeName { get; init; } = "";

    /// <summary>The record key (canonical text).</summary>
    public string Key { get; init; } = "";

    /// <summary>When the conflict was detected and resolved.</summary>
    [Indexed]
    public DateTimeOffset DetectedAt { get; init; }

    /// <summary>The layer of the higher-priority copy ("ours").</summary>
    public StateLayer OursLayer { get; init; }

    /// <summary>The layer of the other copy ("theirs").</summary>
    public StateLayer TheirsLayer { get; init; }

    /// <summary>The tab that wrote the other copy.</summary>
    public string TheirsOrigin { get; init; } = "";

    /// <summary>The members changed differently on both sides.</summary>
    public string[] Members { get; init; } = [];

    /// <summary>For each member in <see cref="Members"/>: the policy that decided it: a <see cref="MergePolicy"/> name or a <see cref="ConflictRule"/>.</summary>
    public string[] DecidedBy { get; init; } = [];

    /// <summary>Which copy was kept: "ours", "theirs", or "merged" (member by member).</summary>
    public string Winner { get; init; } = "";

    /// <summary>True when a common ancestor was known and one-sided changes were merged member by member.</summary>
    public bool ThreeWay { get; init; }

    /// <summary>The higher-priority copy.</summary>
    public byte[] OursPayload { get; init; } = [];

    /// <summary>The other copy.</summary>
    public byte[] TheirsPayload { get; init; } = [];

    /// <summary>The resolved value, as kept (empty when the record stayed deleted).</summary>
    public byte[] MergedPayload { get; init; } = [];

    /// <summary>True when "ours" was a delete (its payload is empty).</summary>
    public bool OursDeleted { get; init; }

    /// <summary>True when "theirs" was a delete (its payload is empty).</summary>
    public bool TheirsDeleted { get; init; }

    /// <summary>The version of "ours" (<see cref="Versions.StateVersion.Token"/>).</summary>
    public string OursVersion { get; init; } = "";

    /// <summary>The version of "theirs".</summary>
    public string TheirsVersion { get; init; } = "";
}
