using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace RegistryCheck.BrowserTests.Infrastructure;

/// <summary>
/// One user's walk through the portal in its own browser context (phone or desktop), saving a screenshot of each key
/// page to TestResults/screenshots/&lt;journey&gt;/ and checking each page for serious accessibility violations.
/// </summary>
public sealed class Journey : IAsyncDisposable
{
    public static readonly ViewportSize Phone = new() { Width = 375, Height = 667 };
    public static readonly ViewportSize Desktop = new() { Width = 1366, Height = 768 };

    private readonly BrowserPortal _portal;
    private readonly string _folder;
    private int _shot;

    private Journey(BrowserPortal portal, IBrowserContext context, IPage page, string name)
    {
        _portal = portal;
        Context = context;
        Page = page;
        _folder = Path.Combine(ScreenshotRoot, name);
        Directory.CreateDirectory(_folder);
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>TestResults/screenshots at the repository root: the folder README names.</summary>
    public static string ScreenshotRoot { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public static async Task<Journey> StartAsync(BrowserPortal portal, string name, bool phone, string? culture = null)
    {
        var context = await portal.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.BaseUrl,
            ViewportSize = phone ? Phone : Desktop,
            IsMobile = phone,
            HasTouch = phone,
            Locale = culture == "en" ? "en-US" : "zh-CN",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        var journey = new Journey(portal, context, page, name);
        if (culture == "en")
        {
            await page.GotoAsync("/account/sign-in");
            await page.Locator("button[name=culture][value=en]").ClickAsync();
        }

        return journey;
    }

    public string Url(string path) => _portal.BaseUrl + path;

    /// <summary>Screenshot of the whole page, then an axe-core check: no serious or critical violation.</summary>
    public async Task CheckpointAsync(string name)
    {
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        _shot++;
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_folder, $"{_shot:00}-{name}.png"), FullPage = true });
        await AssertAccessibleAsync(name);
    }

    /// <summary>axe-core on the current page: no serious or critical violation.</summary>
    public async Task AssertAccessibleAsync(string name)
    {
        var result = await Page.RunAxe();
        var serious = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        Assert.True(serious.Count == 0, $"Accessibility violations on {name} ({Page.Url}):\n" + string.Join("\n", serious));
    }

    /// <summary>
    /// A screenshot of the viewport only, without the accessibility check: for a transient state (a progress bar that
    /// advances and reloads the page) where the page may navigate away while axe runs.
    /// </summary>
    public async Task SnapshotAsync(string name)
    {
        _shot++;
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_folder, $"{_shot:00}-{name}.png") });
    }

    /// <summary>A folder for this journey's downloads (kept next to the screenshots so a person can open them).</summary>
    public string DownloadPath(string fileName) => Path.Combine(_folder, fileName);

    /// <summary>Accepts the confirmation dialogs of forms marked data-confirm (Playwright dismisses dialogs by default).</summary>
    public void AcceptConfirmations() => Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

    /// <summary>Staff sign-in through the form; ends on the staff hub.</summary>
    public async Task SignInStaffAsync(string user, string password, bool checkpoint = false)
    {
        await Page.GotoAsync("/account/staff-sign-in");
        if (checkpoint)
        {
            await CheckpointAsync("staff-sign-in");
        }

        await Page.GetByLabel("用户名").FillAsync(user);
        await Page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await Page.Locator("main form button[type=submit]").ClickAsync();
        await Page.WaitForURLAsync("**/staff");
    }

    /// <summary>No horizontal scrolling at this width.</summary>
    public async Task AssertNoHorizontalScrollAsync()
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The page scrolls sideways by {overflow}px at {Page.ViewportSize?.Width}px ({Page.Url}).");
    }

    /// <summary>Every visible link, button and field is at least 44 px tall (WCAG target size for touch).</summary>
    public async Task AssertTouchTargetsAsync()
    {
        var small = await Page.EvaluateAsync<string[]>(@"() => Array.from(document.querySelectorAll('a, button, input:not([type=hidden]), select, textarea, summary'))
            .filter(e => e.offsetParent !== null && !e.closest('.skip-link'))
            .map(e => [e, e.getBoundingClientRect()])
            .filter(([e, r]) => r.height < 43.5 && !(e.type === 'checkbox' && e.closest('label') && e.closest('label').getBoundingClientRect().height >= 43.5))
            .map(([e, r]) => e.outerHTML.slice(0, 80) + ' h=' + Math.round(r.height))");
        Assert.True(small.Length == 0, $"Touch targets under 44px on {Page.Url}:\n" + string.Join("\n", small));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RegistryCheck.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? AppContext.BaseDirectory;
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
