using JsonSample;
using Roll;

await JsonApp.Create().ServeAsync(args);
