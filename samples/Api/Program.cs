using ApiSample;
using Roll;

await ApiApp.Create().ServeAsync(args);
