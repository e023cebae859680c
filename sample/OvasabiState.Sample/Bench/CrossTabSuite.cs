using System.Runtime.Versioning;
using System.Text.Json;
using OvasabiState.Stores;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// Cross-tab propagation, the sending tab. Another tab of the same browser must run
/// <see cref="CrossTabListenerSuite"/> (<c>/bench?suite=crosstab-listen&amp;autorun=1</c>); the
/// runner opens it. This tab writes one <see cref="BenchPingRecord"/> through the app's store
/// (Realtime: flushed to IndexedDB and announced on the next turn) every 30 ms, stamped with its
/// wall-clock send time; the listener's latency is the time its store's <c>Changed</c> event
/// fires minus that stamp (both tabs share <c>performance.timeOrigin</c>'s clock). The anchor is a
/// bare <c>BroadcastChannel</c> message stamped the same way, sent between the writes.
/// </summary>
[SupportedOSPlatform("browser")]
public sealed class CrossTabSuite(IStateStore<BenchPingRecord> pings) : IBenchSuite
{
    public const string Key = "ping";
    private const int WarmUp = 5;

    public string Name => "crosstab";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await BenchJs.EnsureImportedAsync();
        var count = report.Quick ? 5 : 50;
        _ = await pings.FindAsync(Key, cancellationToken); // opens the app's store (and its channel)
        await BenchJs.WaitForListener(30_000);

        for (var sequence = -WarmUp; sequence < count; sequence++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (sequence >= 0)
            {
                BenchJs.SendRaw();
            }

            await Task.Delay(15, cancellationToken);
            await pings.SetAsync(new BenchPingRecord { Id = Key, Sequence = sequence, SentAt = BenchJs.Now() }, cancellationToken);
            await Task.Delay(30, cancellationToken);
        }

        var results = JsonDocument.Parse(await BenchJs.Finish(count, count, 30_000)).RootElement;
        var ours = Samples(results.GetProperty("ours"));
        var raw = Samples(results.GetProperty("raw"));
        if (ours.Count < count)
        {
            throw new InvalidOperationException($"crosstab: the listener heard {ours.Count} of {count} writes");
        }

        foreach (var (label, fraction) in new[] { ("p50", 0.5), ("p95", 0.95) })
        {
            var propagationCase = $"cross-tab propagation, {label}";
            report.Anchor(propagationCase, "raw BroadcastChannel message", BenchStatistics.Percentile(raw, fraction), "ms", raw.Count);
            report.Ours(propagationCase, "ours: SetAsync -> other tab's Changed", BenchStatistics.Percentile(ours, fraction), "ms", ours.Count);
        }
    }

    private static List<double> Samples(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToList();
}
