using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using RegistryCheck.Data;

namespace RegistryCheck.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over its own migrated SQLite file (demo data seeded), with a controllable clock.
/// One factory is one database: tests that share a factory use different students.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    /// <summary>A fixed start: 2026-11-28 10:00 in Beijing.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    private readonly string _folder;
    private readonly bool _ownsFolder;

    public PortalFactory()
        : this((string?)null)
    {
    }

    /// <summary>A portal with some production services swapped (ConfigureTestServices), e.g. a failing import step.</summary>
    public static PortalFactory WithTestServices(Action<IServiceCollection> testServices) => new(testServices);

    // Not public: xunit wants a class fixture to have one public constructor.
    private PortalFactory(Action<IServiceCollection> testServices)
        : this((string?)null)
    {
        _testServices = testServices;
    }

    private readonly Action<IServiceCollection>? _testServices;

    /// <summary>A portal over an existing data folder: a second instance, or the same one after a restart.</summary>
    protected PortalFactory(string? folder)
    {
        _ownsFolder = folder is null;
        _folder = folder ?? Path.Combine(Path.GetTempPath(), "registrycheck-tests", Guid.NewGuid().ToString("N"));
    }

    protected virtual string EnvironmentName => "Testing";

    /// <summary>
    /// Set REGISTRYCHECK_TEST_POSTGRES to a server connection string (no database) to run every integration test
    /// on PostgreSQL instead of SQLite: each portal then gets its own database, dropped at the end.
    /// </summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable("REGISTRYCHECK_TEST_POSTGRES");

    private string? _postgresDatabase;

    /// <summary>The provider settings of this portal: its own SQLite file, or its own PostgreSQL database.</summary>
    protected virtual IDictionary<string, string?> ProviderSettings()
    {
        if (string.IsNullOrEmpty(PostgresServer))
        {
            return new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite" };
        }

        _postgresDatabase ??= PostgresDatabases.NameFor(_folder);
        if (!PostgresDatabases.Exists(_postgresDatabase))
        {
            PostgresDatabases.Create(_postgresDatabase);
        }

        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = PostgresDatabases.ConnectionString(_postgresDatabase),
            ["Database:MigrateOnStartup"] = "true",
        };
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Extra settings a test class needs (e.g. tighter limits).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public string DataFolder => _folder;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureAppConfiguration((_, config) =>
        {
            var settings = new Dictionary<string, string?>(ProviderSettings())
            {
                ["Database:DataFolder"] = _folder,
                ["Database:SeedDemoData"] = "true",
                // Tests arrange their own states on a demo where every student is still to check (DemoProgressTests turn it on).
                ["Database:SeedDemoProgress"] = "false",
                ["Logging:Folder"] = Path.Combine(_folder, "logs"),
                // A generous per-client limit: every test client shares one address.
                ["SignIn:MaxFailuresPerClient"] = "1000",
            };
            foreach (var (k, v) in Settings)
            {
                settings[k] = v;
            }

            config.AddInMemoryCollection(settings);
        });
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
        if (_testServices is not null)
        {
            builder.ConfigureTestServices(_testServices);
        }
    }

    public PortalClient NewClient() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        // https, so the Secure cookies of a non-development environment are sent back.
        BaseAddress = new Uri("https://localhost"),
    }));

    /// <summary>A scope with the app's own DbContext, for arranging and asserting.</summary>
    public async Task<T> WithDbAsync<T>(Func<RegistryDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RegistryDbContext>());
    }

    public async Task WithDbAsync(Func<RegistryDbContext, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<RegistryDbContext>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsFolder)
        {
            return;
        }

        if (_postgresDatabase is not null)
        {
            PostgresDatabases.Drop(_postgresDatabase);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown: the temp folder is cleaned by the OS later.
        }
    }
}

/// <summary>A portal over a given data folder, which it leaves in place: a restart, or a second instance.</summary>
public sealed class SharedFolderFactory(string folder, string environment = "Testing") : PortalFactory(folder)
{
    protected override string EnvironmentName => environment;
}
