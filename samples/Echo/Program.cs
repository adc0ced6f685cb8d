using Echo;
using Roll;

await EchoApp.Create().ServeAsync(args);
