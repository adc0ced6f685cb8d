using FullAsync;
using Roll;

await FullAsyncApp.Create().ServeAsync(args);
