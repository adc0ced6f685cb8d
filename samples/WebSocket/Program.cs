using Roll;
using WebSocketSample;

await WebSocketApp.Create().ServeAsync(args);
