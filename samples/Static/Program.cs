using Roll;
using StaticSample;

await StaticApp.Create().ServeAsync(args);
