using CustomQuerySample;
using Roll;

await CustomQueryApp.Create().ServeAsync(args);
