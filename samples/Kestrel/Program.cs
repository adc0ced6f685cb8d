using KestrelSample;
using Roll.Kestrel;

// snippet: program
await KestrelApp.Create().ServeKestrelAsync(args);
// end-snippet
