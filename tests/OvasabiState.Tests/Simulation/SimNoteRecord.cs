namespace OvasabiState.Tests.Simulation;

/// <summary>The simulator's record: three plain members in all four layers, flushed when a schedule says so.</summary>
[Layered(Store = "sim_notes", Sync = SyncMode.Manual)]
public partial record SimNoteRecord
{
    [StateKey] public string Id { get; init; } = "";

    public string A { get; init; } = "";

    public string B { get; init; } = "";

    public string C { get; init; } = "";

    /// <summary>The members a schedule writes, by name.</summary>
    public static readonly string[] Members = ["A", "B", "C"];

    public string Get(string member) => member switch
    {
        "A" => A,
        "B" => B,
        _ => C,
    };

    public SimNoteRecord With(string member, string value) => member switch
    {
        "A" => this with { A = value },
        "B" => this with { B = value },
        _ => this with { C = value },
    };
}
