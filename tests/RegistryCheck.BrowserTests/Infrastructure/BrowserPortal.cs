using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.BrowserTests.Infrastructure;

/// <summary>
/// The real portal on Kestrel bound to 127.0.0.1 (a random port) over a fresh migrated and demo-seeded SQLite
/// database, and Debian's Chromium driven by Playwright. One per test collection.
/// </summary>
public class BrowserPortal : IAsyncLifetime
{
    private readonly bool _seedDemoProgress;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "registrycheck-browser", Guid.NewGuid().ToString("N"));
    private Factory? _factory;

    public string BaseUrl { get; private set; } = "";
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;

    public BrowserPortal()
        : this(seedDemoProgress: false)
    {
    }

    /// <summary>With <paramref name="seedDemoProgress"/> the demo's campaigns in progress are seeded too (issue 15).</summary>
    protected BrowserPortal(bool seedDemoProgress) => _seedDemoProgress = seedDemoProgress;

    /// <summary>The import worker's progress step; a journey holds it to see the progress bar.</summary>
    public HeldImportProgress ImportSteps { get; } = new();

    /// <summary>More settings for the portal (a subclass points a channel at a local server); read once, at start.</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _factory = new Factory(_folder, ImportSteps, _seedDemoProgress, ExtraSettings);
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            // No downloads and no calls home: this machine's network is closed.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    private static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        foreach (var candidate in new[] { configured, "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Chromium not found: run ./test.sh (it installs Debian's chromium) or set CHROMIUM_PATH.");
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
        }
    }

    private sealed class Factory(string folder, ImportProgress importSteps, bool seedDemoProgress, IDictionary<string, string?> extra) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Development: cookies without the Secure flag, since the browser talks plain http to 127.0.0.1.
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>(extra)
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:DataFolder"] = folder,
                ["Database:SeedDemoData"] = "true",
                // Most journeys start from the roster as it is; the 专升本 journey needs the demo's campaigns in progress.
                ["Database:SeedDemoProgress"] = seedDemoProgress ? "true" : "false",
                ["Logging:Folder"] = Path.Combine(folder, "logs"),
                ["SignIn:MaxFailuresPerClient"] = "1000",
            }));
            builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton(importSteps)));
        }
    }
}

[CollectionDefinition(BrowserCollection.Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserPortal>
{
    public const string Name = "browser";
}
