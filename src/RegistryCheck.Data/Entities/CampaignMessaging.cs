namespace RegistryCheck.Data.Entities;

/// <summary>A campaign's messaging settings (issue 17), one row per campaign, absent = defaults (reminders off, no SMS cap).</summary>
public class CampaignMessaging
{
    public int CampaignId { get; set; }
    /// <summary>Reminder steps in days before the deadline, e.g. "3,1"; empty or null = no reminders.</summary>
    public string? ReminderDaysBefore { get; set; }
    /// <summary>At most this many SMS for the campaign (they cost money); null = SMS not allowed for bulk sends.</summary>
    public int? SmsCap { get; set; }
    /// <summary>SMS written to the outbox for this campaign so far, raised by one conditional UPDATE per send so the cap holds under parallel sends.</summary>
    public int SmsReserved { get; set; }
    /// <summary>Reminder steps before the 学信网 check's deadline, e.g. "3,1"; null = none.</summary>
    public string? XuexinReminderDaysBefore { get; set; }
    /// <summary>Reminder steps before the college summary deadline (汇总截止) for college administrators; null = none.</summary>
    public string? SummaryReminderDaysBefore { get; set; }
    public int Version { get; set; }
}

/// <summary>The registrar's text of one message kind in one language for one campaign (plain text with placeholders).</summary>
public class MessageTemplate : IVersioned
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public MessageKind Kind { get; set; }
    /// <summary>E-mail or WeCom (SMS texts are the gateway's approved templates, never edited here).</summary>
    public MessageChannel Channel { get; set; }
    public string Language { get; set; } = "zh-CN";
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int? UpdatedByUserId { get; set; }
    /// <summary>Two registrars editing the same text: the later save of a stale form is refused (ADR-004).</summary>
    public int Version { get; set; }
}
