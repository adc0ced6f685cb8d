using Roll;
using WebSocketSample;

// --redis HOST:PORT (or ROLL_REDIS) shares the chat with every process started with the same Redis.
var (redis, serveArgs) = RedisOption.Read(args, Environment.GetEnvironmentVariable);
await WebSocketApp.Create(redis).ServeAsync(serveArgs);
