using RegistryCheck.IntegrationTests.Notifications;

namespace RegistryCheck.BrowserTests.Infrastructure;

/// <summary>
/// A portal whose e-mail channel points at a real SMTP server on 127.0.0.1 (python3-aiosmtpd, started first), with
/// a fast outbox poll, so a journey can watch a nudge being delivered.
/// </summary>
public sealed class NotifyingBrowserPortal : BrowserPortal
{
    public SmtpTestServer Smtp { get; private set; } = null!;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(Smtp.Settings())
    {
        ["Notifications:Outbox:PollSeconds"] = "0.5",
        // WeCom configured but reaching nobody (no student has a WeCom id, 学号 not used): the confirmation page then
        // offers the automatic per-student choice beside the channels, and nothing is ever sent to this address.
        ["Notifications:WeCom:CorpId"] = "ww-journey",
        ["Notifications:WeCom:AgentId"] = "1000002",
        ["Notifications:WeCom:Secret"] = "journey-secret",
        ["Notifications:WeCom:BaseUrl"] = "http://127.0.0.1:9",
        ["Notifications:WeCom:StudentNumberIsUserId"] = "false",
        ["Portal:PublicOrigin"] = "https://xjhd.example.edu.cn",
    };

    public override async Task InitializeAsync()
    {
        Smtp = SmtpTestServer.Start();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class NotifyingCollection : ICollectionFixture<NotifyingBrowserPortal>
{
    public const string Name = "browser-notifying";
}
