using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using OvasabiState.Stores;

namespace OvasabiState.Sample.Bench;

/// <summary>
/// Cross-tab propagation, the listening tab (see <see cref="CrossTabSuite"/>): records, for every
/// ping written in the other tab, the time its store's <c>Changed</c> event fired minus the
/// ping's send time; the raw pings are recorded in JS. When the sender finishes it gets the
/// samples back and reports the figures; this tab reports only how many writes it heard.
/// </summary>
[SupportedOSPlatform("browser")]
public sealed class CrossTabListenerSuite(IStateStore<BenchPingRecord> pings) : IBenchSuite
{
    public string Name => "crosstab-listen";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await BenchJs.EnsureImportedAsync();
        var heard = new List<double>();
        void OnChanged(object? sender, StateChange<BenchPingRecord> change)
        {
            if (change.Kind is StateChangeKind.Remote or StateChangeKind.Merged && change.Value is { Sequence: >= 0 } ping)
            {
                heard.Add(BenchJs.Now() - ping.SentAt);
            }
        }

        pings.Changed += OnChanged;
        try
        {
            _ = await pings.FindAsync(CrossTabSuite.Key, cancellationToken); // opens the app's store, so it hears other tabs
            BenchJs.Listen();
            var finish = JsonDocument.Parse(await BenchJs.WaitFinish(300_000)).RootElement;
            var expected = finish.GetProperty("ours").GetInt32();
            for (var waited = 0; heard.Count < expected && waited < 3_000; waited += 20)
            {
                await Task.Delay(20, cancellationToken);
            }

            var raw = finish.GetProperty("raw").EnumerateArray().Select(e => e.GetDouble());
            BenchJs.PostResults("{\"ours\":[" + Join(heard) + "],\"raw\":[" + Join(raw) + "]}");
            report.Ours("cross-tab writes heard", "ours: Changed events", heard.Count, "writes");
        }
        finally
        {
            pings.Changed -= OnChanged;
        }
    }

    private static string Join(IEnumerable<double> values) => string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
