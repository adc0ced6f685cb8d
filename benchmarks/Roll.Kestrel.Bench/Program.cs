using BenchSample;
using Roll.Kestrel;

// The Bench sample behind Kestrel, for benchmarks/compare.sh --with-kestrel: the bridge's cost beside Roll's engine and raw Kestrel.
await BenchApp.Create().ServeKestrelAsync(args);
