using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RegistryCheck.IntegrationTests.Infrastructure;

/// <summary>
/// The small web server a stand-in of an outside service (SMS gateway, WeCom) runs on: Kestrel on 127.0.0.1 with an
/// ephemeral port (other test runs share the machine), no logging, started before the portal is configured with
/// its <see cref="Address"/>. The stand-in maps its own endpoints.
/// </summary>
public sealed class StandInHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>"http://127.0.0.1:port", without a trailing slash.</summary>
    public string Address { get; }

    private StandInHost(WebApplication app)
    {
        _app = app;
        Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public static StandInHost Start(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        app.StartAsync().GetAwaiter().GetResult();
        return new StandInHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
