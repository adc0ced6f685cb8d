using Roll.Testing;

namespace Roll.Tests.Docs;

/// <summary>A database connection, faked: it only remembers the custom types registered on it.</summary>
public sealed class DbConnection(string database, string username)
{
    public string Database { get; } = database;

    public string Username { get; } = username;

    public List<string> Types { get; } = [];

    public void RegisterType(string name) => Types.Add(name);
}

// snippet: event
/// <summary>The event the pool fires each time it opens a connection.</summary>
public sealed record NewConnection(DbConnection Connection);
// end-snippet

// snippet: extension
/// <summary>A DB pooling extension: configured by parameters, extended by a custom event.</summary>
public static class DbPoolExtension
{
    public static void UseDbPool(this RollApp app, string dbname, string username, string password, int size = 2)
    {
        var pool = new DbPool(app, dbname, username, password);
        app["db"] = pool;
        app.OnStartup(() => pool.FillAsync(size));
        app.OnShutdown(pool.Clear);
    }

    public static DbPool Db(this RollApp app) => (DbPool)app["db"]!;
}

public sealed class DbPool(RollApp app, string dbname, string username, string password)
{
    private readonly Stack<DbConnection> _idle = new();

    public async Task FillAsync(int size)
    {
        for (var i = 0; i < size; i++)
        {
            _idle.Push(await OpenAsync());
        }
    }

    public async Task<DbConnection> TakeAsync() => _idle.TryPop(out var connection) ? connection : await OpenAsync();

    public void Return(DbConnection connection) => _idle.Push(connection);

    public void Clear() => _idle.Clear();

    private async Task<DbConnection> OpenAsync()
    {
        _ = password; // a real pool would log in with it
        var connection = new DbConnection(dbname, username);
        await app.HookAsync(new NewConnection(connection));
        return connection;
    }
}
// end-snippet

/// <summary>The examples of "How to send custom events".</summary>
public class CustomEventsExamples
{
    [Fact]
    public async Task EveryNewConnectionIsGivenToTheListeners()
    {
        // snippet: usage
        var app = new RollApp();
        app.UseDbPool(dbname: "mydb", username: "foo", password: "bar");

        app.Listen<NewConnection>(e =>
        {
            // Do something with the connection, for example register some PostgreSQL custom types.
            e.Connection.RegisterType("hstore");
        });
        // end-snippet

        // snippet: route
        app.Route("/types", async (request, response) =>
        {
            var connection = await app.Db().TakeAsync();
            try
            {
                response.Body = $"{connection.Database}: {string.Join(", ", connection.Types)}";
            }
            finally
            {
                app.Db().Return(connection);
            }
        });
        // end-snippet

        await using var client = await TestClient.StartAsync(app);
        var response = await client.GetAsync("/types");

        Assert.Equal("mydb: hstore", response.Text);
    }

    // snippet: by-name
    [Fact]
    public async Task AnEventCanBeNamedByAString()
    {
        var app = new RollApp();
        var seen = new List<object?>();
        app.Listen("new_connection", connection => seen.Add(connection));

        await app.HookAsync("new_connection", "connection #1");

        Assert.Equal(["connection #1"], seen);
    }
    // end-snippet

    // snippet: first-result
    public sealed record FindUser(string Token);

    [Fact]
    public async Task TheFirstListenerWithAResultAnswersTheHook()
    {
        var app = new RollApp();
        var asked = new List<string>();
        app.Listen<FindUser>(async e =>
        {
            asked.Add("tokens");
            return e.Token == "t-ada" ? "Ada" : null;
        });
        app.Listen<FindUser>(async e =>
        {
            asked.Add("ldap");
            return e.Token.StartsWith("ldap-") ? e.Token[5..] : null;
        });

        var ada = await app.HookAsync(new FindUser("t-ada"));
        var grace = await app.HookAsync(new FindUser("ldap-Grace"));
        var nobody = await app.HookAsync(new FindUser("?"));

        Assert.Equal("Ada", ada);
        Assert.Equal("Grace", grace);
        Assert.Null(nobody);
        Assert.Equal(["tokens", "tokens", "ldap", "tokens", "ldap"], asked);
    }
    // end-snippet

    [Fact]
    public async Task AnEventNobodyListensToAnswersNull()
    {
        var app = new RollApp();

        Assert.Null(await app.HookAsync(new FindUser("t-ada")));
        Assert.Null(await app.HookAsync("nobody_listens"));
    }
}
