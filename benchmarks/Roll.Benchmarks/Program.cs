using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

// ROLL_BENCH_QUICK=1 runs what the arguments pick (--filter, --job short...) in a second or two: in this process, one
// warm-up and three iterations of 100 ms, times in microseconds and no Median column (which BenchmarkDotNet adds when the
// median strays from the mean, as it does in iterations this short). It checks that the benchmarks run and print their
// table (the docs' tests do so); its figures mean nothing. At 10 ms, a stray allocation of another thread in the process
// (BenchmarkDotNet counts every thread's) came out as a byte per operation on a loaded machine; 100 ms spreads it to 0.
var quick = Environment.GetEnvironmentVariable("ROLL_BENCH_QUICK") == "1";
IConfig? config = null;
if (quick)
{
    args = [.. args, "--inProcess", "--warmupCount", "1", "--iterationCount", "3", "--iterationTime", "100"];
    config = DefaultConfig.Instance
        .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond))
        .HideColumns(StatisticColumn.Median);
}
BenchmarkSwitcher.FromAssembly(typeof(Roll.Benchmarks.RouterBenchmarks).Assembly).Run(args, config);
