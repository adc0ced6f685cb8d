using BasicSample;
using Roll;

await BasicApp.Create().ServeAsync(args);
