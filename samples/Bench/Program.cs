using BenchSample;
using Roll;

await BenchApp.Create().ServeAsync(args);
