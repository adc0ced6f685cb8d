using NegotiationSample;
using Roll;

await NegotiationApp.Create().ServeAsync(args);
