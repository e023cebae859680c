using System;
using System.Collections.Generic;

namespace OvasabiState.Storage;

/// <summary>
/// Changes announced to the other tabs: which records of which store changed, to which version,
/// by whom. A flush sends one message for all the records it wrote (<see cref="Changes"/>), so a
/// big flush costs one message and the tabs hearing it read all the records back in one batch.
/// </summary>
/// <param name="Store">The store name, user-scoped (<c>{userId}/{store}</c>).</param>
/// <param name="Key">The first (for most messages the only) record key's canonical text (<see cref="IndexKey.ToString"/>).</param>
/// <param name="Origin">The sending tab's instance id.</param>
/// <param name="Version">That record's version token after the change (a tombstone's for a delete).</param>
public sealed record CrossTabMessage(string Store, string Key, string Origin, string Version)
{
    /// <summary>A message announcing several changes of one store at once.</summary>
    /// <param name="store">The store name, user-scoped.</param>
    /// <param name="origin">The sending tab's instance id.</param>
    /// <param name="changes">The changes, at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="changes"/> is empty.</exception>
    public CrossTabMessage(string store, string origin, IReadOnlyList<CrossTabChange> changes)
        : this(store, First(changes).Key, origin, First(changes).Version)
    {
        Changes = changes;
    }

    /// <summary>Every change the message announces, in the order written: (<see cref="Key"/>, <see cref="Version"/>) first.</summary>
    public IReadOnlyList<CrossTabChange> Changes { get; init; } = [new CrossTabChange(Key, Version)];

    private static CrossTabChange First(IReadOnlyList<CrossTabChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return changes.Count > 0 ? changes[0] : throw new ArgumentException("A cross-tab message announces at least one change.", nameof(changes));
    }
}

/// <summary>One record's change in a <see cref="CrossTabMessage"/>.</summary>
/// <param name="Key">The record key's canonical text (<see cref="IndexKey.ToString"/>).</param>
/// <param name="Version">The version token after the change.</param>
public sealed record CrossTabChange(string Key, string Version);
