using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>One channel's delivery of one outbox row.</summary>
public interface IMessageSender
{
    MessageChannel Channel { get; }

    bool IsConfigured { get; }

    Task<SendResult> SendAsync(OutboxMessage message, CancellationToken ct);
}

public enum SendOutcome
{
    Sent,
    /// <summary>Worth another attempt (connection dropped, 4xx, rate limit).</summary>
    Retry,
    /// <summary>Another attempt cannot help (recipient refused for good, template not approved).</summary>
    Permanent,
}

/// <summary>What a send attempt came to; <see cref="Error"/> is shown to the registrar, so it holds no secrets.</summary>
public sealed record SendResult(SendOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static readonly SendResult Ok = new(SendOutcome.Sent);

    public static SendResult Retry(string error, TimeSpan? after = null) => new(SendOutcome.Retry, error, after);

    public static SendResult Permanent(string error) => new(SendOutcome.Permanent, error);
}
