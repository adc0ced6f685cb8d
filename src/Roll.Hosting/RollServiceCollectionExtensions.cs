using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Roll.Server;

namespace Roll.Hosting;

/// <summary>Registers a Roll app with the Generic Host: <c>builder.Services.AddRoll(app => app.Route(...))</c>.</summary>
public static class RollServiceCollectionExtensions
{
    /// <summary>Adds a new app, set up by <paramref name="configure"/>, served for the host's lifetime.</summary>
    public static IServiceCollection AddRoll(this IServiceCollection services, Action<RollApp> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddRoll(_ =>
        {
            var app = new RollApp();
            configure(app);
            return app;
        });
    }

    /// <summary>Adds the app that <paramref name="create"/> makes (from the host's services if it wants), served for the host's lifetime.</summary>
    /// <remarks>
    /// The app is a singleton. It gets the host's services under <c>app["services"]</c> (see <see cref="RollServices"/>),
    /// the host's logging when it has no logger of its own, its limits from <c>Roll:Limits</c> and its trusted proxies
    /// from <c>Roll:TrustedProxies</c>; the addresses come from <c>Roll:Urls</c> (see <see cref="RollHostOptions"/>).
    /// </remarks>
    public static IServiceCollection AddRoll(this IServiceCollection services, Func<IServiceProvider, RollApp> create)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(create);
        services.AddOptions<RollHostOptions>().BindConfiguration(RollHostOptions.Section);
        services.AddSingleton(provider =>
        {
            var app = create(provider);
            app[RollServices.Key] = provider;
            if (app.Logger is NullLogger && provider.GetService<ILoggerFactory>() is { } loggers)
            {
                app.Logger = loggers.CreateLogger(LoggerExtensions.Category);
            }
            provider.GetService<IConfiguration>()?.GetSection(RollHostOptions.Section + ":Limits").Bind(app.Limits);
            foreach (var proxy in provider.GetRequiredService<IOptions<RollHostOptions>>().Value.TrustedProxies)
            {
                app.TrustedProxies.Add(proxy);
            }
            app.OnResponse((request, response) => RollServices.DisposeScopeAsync(request).AsTask());
            return app;
        });
        services.AddSingleton(provider => new RollServer(provider.GetRequiredService<RollApp>()));
        services.AddHostedService<RollHostedService>();
        return services;
    }
}
