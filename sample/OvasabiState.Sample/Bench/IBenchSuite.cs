namespace OvasabiState.Sample.Bench;

/// <summary>
/// One group of in-browser measurements on the /bench page. A suite measures our code and, in the
/// same run, the anchor it is compared with (raw IndexedDB, System.Text.Json, plain JavaScript),
/// because this kind of machine is too noisy to compare numbers from different runs.
/// </summary>
public interface IBenchSuite
{
    /// <summary>The suite's id in the page's URL (<c>/bench?suite=name</c>) and in the runner's table.</summary>
    string Name { get; }

    /// <summary>Runs every case and adds its figures to <paramref name="report"/>.</summary>
    Task RunAsync(BenchReport report, CancellationToken cancellationToken);
}
