using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>A portal (a second instance when given another's folder) with notification settings (a channel pointed at a local server, outbox timings for tests).</summary>
public sealed class NotifyingPortal(IDictionary<string, string?> settings, string? folder = null) : PortalFactory(folder)
{
    protected override IDictionary<string, string?> Settings => settings;

    /// <summary>Outbox timings for tests: a fast poll, 3 attempts, a public origin for the links.</summary>
    public static Dictionary<string, string?> With(IDictionary<string, string?> channel, bool worker = true)
    {
        var all = new Dictionary<string, string?>(channel)
        {
            ["Notifications:Outbox:Enabled"] = worker ? "true" : "false",
            ["Notifications:Outbox:PollSeconds"] = "0.1",
            ["Notifications:Outbox:MaxAttempts"] = "3",
            ["Notifications:Outbox:RetryBaseSeconds"] = "60",
            ["Portal:PublicOrigin"] = "https://xjhd.example.edu.cn",
        };
        return all;
    }
}
