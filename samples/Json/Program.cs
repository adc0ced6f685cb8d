using Json;
using Roll;

await JsonApp.Create().ServeAsync(args);
