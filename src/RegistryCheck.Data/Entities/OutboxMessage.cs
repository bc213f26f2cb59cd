namespace RegistryCheck.Data.Entities;

public enum MessageChannel
{
    Email = 0,
    WeCom = 1,
    Sms = 2,
}

/// <summary>Why a message is sent; also picks the template and, for SMS, the approved template code.</summary>
public enum MessageKind
{
    Nudge = 0,
    DeadlineReminder = 1,
    ReportReturned = 2,
    ReportCorrected = 3,
    ReportRejected = 4,
    DeadlineExtended = 5,
    PasswordReset = 6,
    /// <summary>A reminder before the 学信网 check's deadline (issue 17), for students who have not recorded it.</summary>
    XuexinReminder = 7,
    /// <summary>
    /// To a college administrator (<see cref="OutboxMessage.UserId"/>) before the summary deadline (汇总截止) while verified
    /// reports of the college wait and nothing was submitted. E-mail only: staff phones are not in the system.
    /// </summary>
    SummaryReminder = 8,
}

public enum OutboxState
{
    /// <summary>Waiting for its next attempt (<see cref="OutboxMessage.NextAttemptAt"/>).</summary>
    Queued = 0,
    /// <summary>Claimed by a worker until <see cref="OutboxMessage.LeaseUntil"/>; an expired lease is claimed again.</summary>
    Sending = 1,
    Sent = 2,
    /// <summary>Given up (attempt limit or a permanent refusal); the registrar may queue it again.</summary>
    Failed = 3,
}

/// <summary>
/// One message to one recipient over one channel, stored before anything is sent (the outbox). The text is rendered
/// when the row is written, so a retry sends exactly what the counselor confirmed.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public MessageChannel Channel { get; set; }
    public MessageKind Kind { get; set; }
    /// <summary>E-mail address, WeCom user id or mobile number.</summary>
    public required string Recipient { get; set; }
    public int? StudentId { get; set; }
    /// <summary>A staff recipient (summary-deadline reminders), when the message is not for a student.</summary>
    public int? UserId { get; set; }
    public int? CampaignId { get; set; }
    /// <summary>The nudge log row this message delivers.</summary>
    public long? NudgeId { get; set; }
    /// <summary>Groups the messages of one send, so the counselor sees each student's delivery state afterwards.</summary>
    public string? DispatchKey { get; set; }
    /// <summary>Unique when set: a deadline reminder step is written once per student, whichever instance writes it.</summary>
    public string? DedupKey { get; set; }
    public string Language { get; set; } = "zh-CN";
    public string? Subject { get; set; }
    public required string Body { get; set; }
    /// <summary>JSON object of the template values (the SMS gateway fills its approved template with them).</summary>
    public string? ValuesJson { get; set; }
    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    /// <summary>The claim token of the worker holding the lease.</summary>
    public string? LeaseOwner { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>Who caused the message (a counselor's nudge, a registrar's decision); null for scheduled reminders.</summary>
    public int? CausedByUserId { get; set; }
}
