using StreamResponseSample;
using Roll;

await StreamResponseApp.Create().ServeAsync(args);
