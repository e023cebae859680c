using System.Collections.Generic;

namespace OvasabiState.Tests.Records;

/// <summary>A note in all four layers (default order Memory, IndexedDb, Local, Session), flushed only on demand.</summary>
[Layered(Store = "manual_notes", Sync = SyncMode.Manual)]
public partial record ManualNoteRecord
{
    [StateKey] public string Id { get; init; } = "";

    public string Title { get; init; } = "";

    public string Body { get; init; } = "";

    [Merge(MergePolicy.Add)] public int Edits { get; init; }

    [Merge(MergePolicy.Max)] public long Score { get; init; }

    [Merge(MergePolicy.Union)] public List<string> Labels { get; init; } = [];
}

/// <summary>A note in all four layers with the order reversed (session first), to show hydration follows Priority.</summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.Session, StateLayer.Local, StateLayer.IndexedDb], Store = "session_first_notes", Sync = SyncMode.Manual)]
public partial record SessionFirstNoteRecord
{
    [StateKey] public string Id { get; init; } = "";

    public string Text { get; init; } = "";

    public int Count { get; init; }
}
