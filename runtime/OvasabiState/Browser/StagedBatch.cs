using System;

namespace OvasabiState.Browser;

/// <summary>
/// When and how a big write batch is handed to the module in chunks. Encoding 10,000 records and
/// parsing their JSON in one go kept the page's thread busy for ~150 ms; in chunks, each chunk is
/// encoded, then staged in JavaScript (<c>stageRecords</c>, which resolves in a new task so the
/// page runs in between), and one <c>commitStaged</c> puts them all in ONE transaction. An
/// IndexedDB transaction cannot stay open across those yields, hence the staging.
/// </summary>
internal static class StagedBatch
{
    /// <summary>Batches with more writes than this are staged; smaller ones go in one <c>mutateRecords</c> call.</summary>
    public const int Above = 500;

    /// <summary>Writes per staged chunk: a few milliseconds of .NET encoding plus <c>JSON.parse</c>.</summary>
    public const int Chunk = 250;

    /// <summary>A batch id no other batch of this page uses.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");
}
