using FormSample;
using Roll;

await FormApp.Create().ServeAsync(args);
