using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// The [JSImport] side of the bench modules in wwwroot/js: <c>bench-probe.js</c> (clocks, the
/// main-thread heartbeat), <c>bench-raw-idb.js</c> (the raw IndexedDB baseline and store chores)
/// and <c>bench-crosstab.js</c> (the cross-tab handshake and raw BroadcastChannel baseline).
/// </summary>
[SupportedOSPlatform("browser")]
internal static partial class BenchJs
{
    private const string Probe = "bench-probe";
    private const string RawIdb = "bench-raw-idb";
    private const string CrossTab = "bench-crosstab";

    private static Task? s_import;

    /// <summary>Imports the three modules (once; paths are relative to _framework/).</summary>
    public static Task EnsureImportedAsync()
    {
        return s_import is { IsFaulted: false, IsCanceled: false } ? s_import : s_import = ImportAsync();

        static async Task ImportAsync()
        {
            await JSHost.ImportAsync(Probe, "../js/bench-probe.js");
            await JSHost.ImportAsync(RawIdb, "../js/bench-raw-idb.js");
            await JSHost.ImportAsync(CrossTab, "../js/bench-crosstab.js");
        }
    }

    /// <summary>Wall-clock ms, sub-ms precise, comparable between pages.</summary>
    [JSImport("now", Probe)]
    public static partial double Now();

    /// <summary>ms since this page's navigation started.</summary>
    [JSImport("sinceNavigation", Probe)]
    public static partial double SinceNavigation();

    [JSImport("startHeartbeat", Probe)]
    public static partial void StartHeartbeat();

    /// <summary>Stops the heartbeat; the longest main-thread gap in ms.</summary>
    [JSImport("stopHeartbeat", Probe)]
    public static partial double StopHeartbeat();

    /// <summary>A promise resolved in a later task, nothing else done (the async round trip alone).</summary>
    [JSImport("nextTask", Probe)]
    public static partial Task<double> NextTask();

    /// <summary><see cref="NextTask"/> resolving with <c>{ v: Uint8Array(length) }</c>, a single get's shape.</summary>
    [JSImport("nextTaskBytes", Probe)]
    public static partial Task<JSObject> NextTaskBytes(int length);

    /// <summary>ms of <see cref="NextTask"/>'s promise awaited in JavaScript alone.</summary>
    [JSImport("timeNextTask", Probe)]
    public static partial Task<double> TimeNextTask();

    [JSImport("open", RawIdb)]
    public static partial Task RawOpen(string database);

    [JSImport("remove", RawIdb)]
    public static partial Task RawRemove(string database);

    /// <summary>JSON {ms, issueMs, gapMs}.</summary>
    [JSImport("bulkPut", RawIdb)]
    public static partial Task<string> RawBulkPut(int count, int payloadBytes);

    [JSImport("seed", RawIdb)]
    public static partial Task RawSeed(int count, int payloadBytes);

    [JSImport("rangeQuery", RawIdb)]
    public static partial Task<double> RawRangeQuery(double low, double high, int expected);

    /// <summary>One get of item <paramref name="i"/> in its own transaction; ms.</summary>
    [JSImport("get", RawIdb)]
    public static partial Task<double> RawGet(int i);

    /// <summary>ms for <paramref name="count"/> gets (items first, first + step, ... modulo total) in one transaction.</summary>
    [JSImport("getMany", RawIdb)]
    public static partial Task<double> RawGetMany(int count, int first, int step, int total);

    /// <summary>ms of one get of item <paramref name="i"/> through the runtime's own module, timed in JavaScript.</summary>
    [JSImport("moduleGet", RawIdb)]
    public static partial Task<double> ModuleGet(string database, string store, int i);

    /// <summary>
    /// The runtime module's <c>getRecordValue</c> called straight from here, past
    /// <c>JSBrowserStorage</c> (the runtime imported the module under this name): a get's
    /// [JSImport] call without the storage class around it.
    /// </summary>
    [JSImport("getRecordValue", "ovasabi-state")]
    public static partial Task<JSObject> RuntimeGetRecordValue(string database, string store, string keyJson);

    [JSImport("clearStore", RawIdb)]
    public static partial Task ClearStore(string database, string store);

    /// <summary>JSON {ms, count}.</summary>
    [JSImport("readAll", RawIdb)]
    public static partial Task<string> RawReadAll(string database, string store);

    [JSImport("listen", CrossTab)]
    public static partial void Listen();

    /// <summary>JSON {raw: number[], ours: number}.</summary>
    [JSImport("waitFinish", CrossTab)]
    public static partial Task<string> WaitFinish(int timeoutMs);

    [JSImport("postResults", CrossTab)]
    public static partial void PostResults(string json);

    [JSImport("waitForListener", CrossTab)]
    public static partial Task WaitForListener(int timeoutMs);

    [JSImport("sendRaw", CrossTab)]
    public static partial void SendRaw();

    [JSImport("finish", CrossTab)]
    public static partial Task<string> Finish(int rawCount, int oursCount, int timeoutMs);
}
