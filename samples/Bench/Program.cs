using Bench;
using Roll;

await BenchApp.Create().ServeAsync(args);
