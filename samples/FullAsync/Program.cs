using FullAsyncSample;
using Roll;

await FullAsyncApp.Create().ServeAsync(args);
