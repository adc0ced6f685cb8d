using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Roll.Benchmarks.RouterBenchmarks).Assembly).Run(args);
