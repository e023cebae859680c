using System;
using System.Collections.Generic;

namespace OvasabiState;

/// <summary>What the runtime knows about a layered record type without knowing the type statically.</summary>
public interface IStateBinding
{
    /// <summary>The layered type.</summary>
    Type StateType { get; }

    /// <summary>The type's full name, used in errors and logs.</summary>
    string TypeName { get; }

    /// <summary>The IndexedDB store of the type.</summary>
    StoreSchema Schema { get; }

    /// <summary>The layers the type lives in, highest priority first.</summary>
    IReadOnlyList<StateLayer> Layers { get; }

    /// <summary>When writes reach the lower layers.</summary>
    SyncMode Sync { get; }

    /// <summary>How long records are kept after their last write; null keeps them.</summary>
    TimeSpan? Retention { get; }

    /// <summary>False for a singleton record (no <see cref="StateKeyAttribute"/> member).</summary>
    bool HasKey { get; }

    /// <summary>The persisted member names, in payload order (the ordinals of <see cref="MemberMask"/>).</summary>
    IReadOnlyList<string> MemberNames { get; }

    /// <summary>The key of the record in a payload.</summary>
    /// <exception cref="Serialization.StateFormatException">The payload cannot be read.</exception>
    IndexKey ReadKey(ReadOnlySpan<byte> payload);

    /// <summary>The record in a payload, boxed (for tooling and dashboards that show stored values).</summary>
    /// <exception cref="Serialization.StateFormatException">The payload cannot be read.</exception>
    object? ReadBoxed(ReadOnlySpan<byte> payload);
}
