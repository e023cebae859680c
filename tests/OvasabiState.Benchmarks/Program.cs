using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/OvasabiState.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(OvasabiState.Benchmarks.SerializerBenchmarks).Assembly).Run(args);
