using EchoSample;
using Roll;

await EchoApp.Create().ServeAsync(args);
