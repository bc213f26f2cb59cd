using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;
using RegistryCheck.IntegrationTests.Sso;

namespace RegistryCheck.BrowserTests.Journeys;

/// <summary>
/// A counselor signs in through the campus CAS in Chromium: the portal's button, the CAS server's own login page
/// (the stand-in on 127.0.0.1), and back to the staff hub. Its own portal: Portal:PublicOrigin must name the port
/// before the portal starts, so the port is chosen first.
/// </summary>
public sealed class CasSignInJourneyTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "registrycheck-browser", "cas-" + Guid.NewGuid().ToString("N"));
    private CasServerStandIn _cas = null!;
    private Factory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _cas = await CasServerStandIn.StartAsync();
        var port = FreePort();
        _baseUrl = $"http://127.0.0.1:{port}";
        _factory = new Factory(_folder, _baseUrl, _cas.BaseUrl);
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _factory.StartServer();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_counselor_signs_in_through_cas_and_lands_on_the_staff_hub()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/staff-sign-in");

        await page.Locator("button.sso-cas").ClickAsync();
        await page.WaitForURLAsync(_cas.BaseUrl + "/login**");
        Assert.Contains("service=" + Uri.EscapeDataString(_baseUrl + "/signin-cas"), page.Url, StringComparison.Ordinal);
        await page.Locator("#username").FillAsync("counselor");
        await page.Locator("#password").FillAsync("campus-password");
        await page.Locator("#cas-submit").ClickAsync();

        await page.WaitForURLAsync(_baseUrl + "/staff", new PageWaitForURLOptions { Timeout = 120_000 });
        Assert.Contains("工作台", await page.Locator("h1").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Infrastructure.Journey.ScreenshotRoot, "cas", "01-staff-hub.png"), FullPage = true });

        // Signing out of the portal ends the portal session; the sign-in page has the campus button again.
        await page.Locator("form[action='/account/sign-out'] button").First.ClickAsync();
        // A long wait: ./test.sh runs this beside the SQLite integration suite, and on two cores the sign-in page
        // has taken more than the default 30 s to load there.
        await page.WaitForURLAsync("**/account/sign-in", new PageWaitForURLOptions { Timeout = 120_000 });
        Assert.Equal(1, await page.Locator("button.sso-cas").CountAsync());
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
        await _cas.DisposeAsync();
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

    private sealed class Factory(string folder, string publicOrigin, string casUrl) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:DataFolder"] = folder,
                ["Database:SeedDemoData"] = "true",
                ["Database:SeedDemoProgress"] = "false",
                ["Logging:Folder"] = Path.Combine(folder, "logs"),
                ["Portal:PublicOrigin"] = publicOrigin,
                ["Authentication:Cas:ServerUrl"] = casUrl,
            }));
        }
    }
}
