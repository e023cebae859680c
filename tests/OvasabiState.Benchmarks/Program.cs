using System.Linq;
using BenchmarkDotNet.Running;
using OvasabiState.Benchmarks.Browser;

// Two commands:
//
// Host benchmarks (BenchmarkDotNet):
//   dotnet run -c Release --project tests/OvasabiState.Benchmarks -- --filter '*'
//
// In-browser benchmarks (the sample's /bench page in headless Chromium, one page and one run):
//   dotnet run -c Release --project tests/OvasabiState.Benchmarks -- browser [--suite all] [--wwwroot path] [--out file.md] [--quick] [--profile file.cpuprofile]
//   --suite    comma-separated suites of the page, or `all` (default): every standard suite, then
//              cross-tab propagation (a second page listens), start-up hydration (a reload), and
//              `fps`: the /analytics page's frame rate at 10,000 / 100,000 / 1,000,000 particles,
//              simulating (ours) vs `?mode=render-only` (three.js drawing the same points, the
//              anchor); 3 s warm-up, frames counted by requestAnimationFrame over 10 s, modes
//              alternated, median of 3 rounds (--quick: 1 s, 2 s, 1 round).
//   --wwwroot  a published sample's wwwroot (else OVS_SAMPLE_WWWROOT, else it publishes the
//              sample to artifacts/sample-bench first).
//   --out      also write the markdown report to this file.
//   --quick    few iterations and small data: checks the pipeline, not the speed.
//   --profile  a Chromium CPU profile while ONE suite runs (--suite name), plus a summary of the
//              functions with the most self time (file.cpuprofile.txt).
// It prints a markdown table (case | subject | value | unit | anchor | ratio) under a header with
// the date, machine and browser. Run it alone on the machine: it is CPU heavy.
if (args.Length > 0 && args[0] == "browser")
{
    return await BrowserBenchCommand.RunAsync(args.Skip(1).ToArray());
}

BenchmarkSwitcher.FromAssembly(typeof(OvasabiState.Benchmarks.SerializerBenchmarks).Assembly).Run(args);
return 0;
