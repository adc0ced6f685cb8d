using HtmlSample;
using Roll;

await HtmlApp.Create().ServeAsync(args);
