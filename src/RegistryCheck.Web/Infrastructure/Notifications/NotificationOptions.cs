namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>The "Notifications" settings section (issue 17). Each channel is off until its settings are given.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public EmailOptions Email { get; set; } = new();
    public WeComOptions WeCom { get; set; } = new();
    public SmsOptions Sms { get; set; } = new();
    public OutboxOptions Outbox { get; set; } = new();
    public ReminderOptions Reminders { get; set; } = new();
}

public sealed class ReminderOptions
{
    /// <summary>Default reminder steps of every campaign, e.g. "3,1" (days before the deadline); empty = off. A campaign's own setting wins.</summary>
    public string? DaysBefore { get; set; }
    /// <summary>The same for the 学信网 check's deadline (once the registrar opened it), e.g. "3,1"; empty = off.</summary>
    public string? XuexinDaysBefore { get; set; }
    /// <summary>Steps before the campaign's summary deadline (汇总截止) for college administrators, e.g. "3,1"; empty = off.</summary>
    public string? SummaryDaysBefore { get; set; }
    public double IntervalSeconds { get; set; } = 60;
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

public sealed class EmailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender, e.g. <c>学籍核对 &lt;xjhd@example.edu.cn&gt;</c> or a bare address.</summary>
    public string? From { get; set; }
    /// <summary>
    /// Accept a server certificate that does not validate (a campus relay with a self-signed certificate). Off by
    /// default; the tests' local server needs it.
    /// </summary>
    public bool AcceptInvalidCertificate { get; set; }
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}

public sealed class WeComOptions
{
    public const string PublicApi = "https://qyapi.weixin.qq.com";

    public string? CorpId { get; set; }
    public int AgentId { get; set; }
    public string? Secret { get; set; }
    public string BaseUrl { get; set; } = PublicApi;
    /// <summary>The school maps WeCom user ids 1:1 to 学号, so every student is reachable by number.</summary>
    public bool StudentNumberIsUserId { get; set; }
    /// <summary>WeCom allows an application 30 messages a minute to one member.</summary>
    public int PerMemberPerMinute { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(CorpId) && !string.IsNullOrWhiteSpace(Secret) && AgentId > 0;
}

public sealed class SmsOptions
{
    public const string PublicEndpoint = "https://dysmsapi.aliyuncs.com";

    public string? AccessKeyId { get; set; }
    public string? AccessKeySecret { get; set; }
    public string? SignName { get; set; }
    public string Endpoint { get; set; } = PublicEndpoint;
    /// <summary>One approved TemplateCode per <see cref="RegistryCheck.Data.Entities.MessageKind"/> name, e.g. Templates:Nudge = SMS_123.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>
    /// At most this many SMS per campaign (they cost money) when the campaign has no cap of its own
    /// (<c>CampaignMessaging.SmsCap</c>); unset and no campaign cap = no bulk SMS.
    /// </summary>
    public int? CapPerCampaign { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccessKeyId) && !string.IsNullOrWhiteSpace(AccessKeySecret)
        && !string.IsNullOrWhiteSpace(SignName);

    public string? TemplateFor(RegistryCheck.Data.Entities.MessageKind kind) =>
        Templates.TryGetValue(kind.ToString(), out var code) && !string.IsNullOrWhiteSpace(code) ? code : null;
}

public sealed class OutboxOptions
{
    /// <summary>Attempts before a message is given up and listed as failed.</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>The first retry waits this long, each further one twice as long (capped at an hour).</summary>
    public double RetryBaseSeconds { get; set; } = 60;
    /// <summary>How long a claimed row is a worker's before another instance may take it over (a crashed worker).</summary>
    public double LeaseSeconds { get; set; } = 120;
    /// <summary>How often the worker looks for due rows when nothing woke it.</summary>
    public double PollSeconds { get; set; } = 5;
    public int BatchSize { get; set; } = 20;
    /// <summary>Off: no worker in this instance (rows still written; another instance sends them).</summary>
    public bool Enabled { get; set; } = true;
}
