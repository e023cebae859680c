using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using System.Threading.Tasks;

namespace OvasabiState.Browser;

/// <summary>The functions of <c>wwwroot/ovasabi-state.js</c>, imported as the module <see cref="ModuleName"/>.</summary>
[SupportedOSPlatform("browser")]
internal static partial class BrowserInterop
{
    public const string ModuleName = "ovasabi-state";

    /// <summary>The module's URL relative to <c>_framework/</c>, where the runtime resolves it.</summary>
    public const string ModuleUrl = "../_content/OvasabiState/ovasabi-state.js";

    [JSImport("initialize", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Void>>]
    public static partial Task Initialize(string assembly);

    [JSImport("isOnline", ModuleName)]
    public static partial bool IsOnline();

    [JSImport("broadcast", ModuleName)]
    public static partial void Broadcast(string store, string key, string origin, string version);

    [JSImport("broadcastMany", ModuleName)]
    public static partial void BroadcastMany(
        string store,
        string origin,
        [JSMarshalAs<JSType.Array<JSType.String>>] string[] keys,
        [JSMarshalAs<JSType.Array<JSType.String>>] string[] versions);

    [JSImport("isStorageAvailable", ModuleName)]
    public static partial bool IsStorageAvailable(int area);

    [JSImport("getItem", ModuleName)]
    public static partial string? GetItem(int area, string key);

    [JSImport("writeItems", ModuleName)]
    public static partial void WriteItems(
        int area,
        [JSMarshalAs<JSType.Array<JSType.String>>] string[] keys,
        [JSMarshalAs<JSType.Array<JSType.String>>] string[] values,
        [JSMarshalAs<JSType.Array<JSType.String>>] string[] remove);

    [JSImport("getKeys", ModuleName)]
    [return: JSMarshalAs<JSType.Array<JSType.String>>]
    public static partial string[] GetKeys(int area, string prefix);

    [JSImport("openDatabase", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Boolean>>]
    public static partial Task<bool> OpenDatabase(string database, string schemaJson);

    /// <summary>Resolves to <c>{ b }</c>: zero or one record as a frame (see <see cref="RecordFrame"/>).</summary>
    [JSImport("getRecordFrame", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Object>>]
    public static partial Task<JSObject> GetRecord(string database, string store, string keyJson);

    /// <summary>Resolves to <c>{ v }</c>: the stored bytes of one record, null when absent.</summary>
    [JSImport("getRecordValue", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Object>>]
    public static partial Task<JSObject> GetRecordValue(string database, string store, string keyJson);

    /// <summary>Resolves to <c>{ b }</c>: the records found, as a frame (see <see cref="RecordFrame"/>).</summary>
    [JSImport("getRecordsFrame", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Object>>]
    public static partial Task<JSObject> GetRecords(string database, string store, string keysJson);

    /// <summary>Compare-and-set writes in one transaction; resolves to <c>{ b }</c>: the conflicts as a frame (see <see cref="RecordFrame"/>), with the counter after.</summary>
    [JSImport("mutateRecords", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Object>>]
    public static partial Task<JSObject> MutateRecords(string database, string store, string json, [JSMarshalAs<JSType.Array<JSType.Number>>] byte[] bytes);

    /// <summary>Adds a chunk of compare-and-set writes to a staged batch (see <see cref="StagedBatch"/>); resolves in a new browser task.</summary>
    [JSImport("stageRecords", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Void>>]
    public static partial Task StageRecords(string database, string store, string batchId, string json, [JSMarshalAs<JSType.Array<JSType.Number>>] byte[] bytes);

    /// <summary>Writes the staged batch in one transaction, as <see cref="MutateRecords"/>; the staged batch is dropped either way.</summary>
    [JSImport("commitStaged", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Object>>]
    public static partial Task<JSObject> CommitStaged(string database, string store, string batchId);

    /// <summary>Compare-and-set writes of Web Storage items under a Web Lock; resolves to the JSON answer (see <see cref="BrowserJson.ReadItemResult"/>).</summary>
    [JSImport("mutateItems", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.String>>]
    public static partial Task<string> MutateItems(int area, string lockName, string json);

    /// <summary>Holds this tab's liveness lock for the page's lifetime; resolves once held.</summary>
    [JSImport("holdTab", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Void>>]
    public static partial Task HoldTab(string instanceId);

    /// <summary>Resolves to the JSON array of the instance ids whose liveness lock is held.</summary>
    [JSImport("liveTabs", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.String>>]
    public static partial Task<string> LiveTabs();

    [JSImport("discardStaged", ModuleName)]
    public static partial void DiscardStaged(string database, string store, string batchId);

    /// <summary>Resolves in a new browser task (a message, not a clamped timeout): the page runs first.</summary>
    [JSImport("nextTask", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Void>>]
    public static partial Task NextTask();

    /// <summary>Resolves to <c>{ b }</c>: the records, as a frame (see <see cref="RecordFrame"/>).</summary>
    [JSImport("queryRecordsFrame", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Object>>]
    public static partial Task<JSObject> QueryRecords(string database, string store, string? index, string rangeJson);
}
