using Microsoft.Extensions.DependencyInjection;

namespace Roll.Hosting;

/// <summary>Reaches the host's services from an app and its handlers.</summary>
public static class RollServices
{
    /// <summary>The key under which the app keeps the host's <see cref="IServiceProvider"/>: <c>app["services"]</c>.</summary>
    public const string Key = "services";

    private const string ScopeKey = "services:scope";

    /// <summary>The host's root services; for singletons.</summary>
    public static IServiceProvider Services(this RollApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app[Key] as IServiceProvider
            ?? throw new InvalidOperationException("This app is not hosted: register it with services.AddRoll(...) to reach the host's services.");
    }

    /// <summary>The services of this request's scope, made on first use and disposed once the response is ready; for scoped services such as a database context.</summary>
    public static IServiceProvider Services(this Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request[ScopeKey] is not AsyncServiceScope scope)
        {
            scope = request.App.Services().CreateAsyncScope();
            request[ScopeKey] = scope;
        }
        return scope.ServiceProvider;
    }

    /// <summary>A service of this request's scope (or a singleton); throws when none is registered.</summary>
    public static T GetService<T>(this Request request) where T : notnull => request.Services().GetRequiredService<T>();

    /// <summary>Disposes the request's scope, if it made one.</summary>
    internal static ValueTask DisposeScopeAsync(Request request)
        => request[ScopeKey] is AsyncServiceScope scope ? scope.DisposeAsync() : ValueTask.CompletedTask;
}
