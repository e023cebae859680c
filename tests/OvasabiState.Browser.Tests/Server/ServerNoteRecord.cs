namespace OvasabiState.Browser.Tests.Server;

/// <summary>
/// The server host's own layered record: the generator runs on this project too, so the server
/// app's stores, schema and serializer are generated exactly as in a real Blazor Server app.
/// </summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.IndexedDb, StateLayer.Local], Store = "server_notes", Sync = SyncMode.Realtime)]
public partial record ServerNoteRecord
{
    /// <summary>The key the page's #key input names.</summary>
    [StateKey]
    public required string Id { get; init; }

    /// <summary>The text the page's #text input holds.</summary>
    public string Text { get; init; } = "";

    /// <summary>When the record was written (Unix milliseconds), an index so the database has one.</summary>
    [Indexed]
    public long UpdatedAt { get; init; }
}
