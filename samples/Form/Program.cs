using Form;
using Roll;

await FormApp.Create().ServeAsync(args);
