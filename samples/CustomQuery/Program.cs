using CustomQuery;
using Roll;

await CustomQueryApp.Create().ServeAsync(args);
