using Roll;
using RollStarter;

// Listens on 127.0.0.1:3579; --port 8000 or ROLL_PORT=8000 to change it (see ServeOptions).
await RollStarterApp.Create().ServeAsync(args);
