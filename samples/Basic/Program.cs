using Basic;
using Roll;

await BasicApp.Create().ServeAsync(args);
