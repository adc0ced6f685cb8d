using Roll;
using TicksSample;

await TicksApp.Create().ServeAsync(args);
