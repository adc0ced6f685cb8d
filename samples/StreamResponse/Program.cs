using StreamResponse;
using Roll;

await StreamResponseApp.Create().ServeAsync(args);
