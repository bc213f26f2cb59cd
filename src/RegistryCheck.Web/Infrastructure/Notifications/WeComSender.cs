using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// 企业微信 application messages (ADR-024): a text message to one member per outbox row. The access token is cached
/// (<see cref="WeComTokenCache"/>); a token the API calls invalid or expired (40014, 42001) is fetched again and the
/// message sent once more; rate and concurrency limits (45009, 45033) back off; a member the API lists in
/// <c>invaliduser</c> fails for good. At most <see cref="WeComOptions.PerMemberPerMinute"/> messages a minute go to one
/// member, counted from the outbox itself, so every instance sees the same count.
/// </summary>
public sealed class WeComSender(
    IHttpClientFactory http, WeComTokenCache tokens, IServiceScopeFactory scopes, IOptionsMonitor<NotificationOptions> options,
    TimeProvider time, ILogger<WeComSender> logger) : IMessageSender
{
    public const string HttpClientName = "WeCom";
    internal static readonly TimeSpan RateLimitBackoff = TimeSpan.FromSeconds(60);
    private static readonly int[] TokenErrors = [40014, 42001];
    private static readonly int[] LimitErrors = [45009, 45033];

    public MessageChannel Channel => MessageChannel.WeCom;

    public bool IsConfigured => options.CurrentValue.WeCom.IsConfigured;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue.WeCom;
        if (!o.IsConfigured)
        {
            return SendResult.Retry("WeCom is not configured");
        }

        if (await MemberBusyUntilAsync(o, message, ct) is { } wait)
        {
            return SendResult.Retry($"WeCom allows {o.PerMemberPerMinute} messages a minute to one member", wait);
        }

        var client = http.CreateClient(HttpClientName);
        var token = await tokens.GetAsync(client, o, ct);
        if (token.Error is not null)
        {
            return SendResult.Retry(token.Error);
        }

        var answer = await PostAsync(client, o, token.Token!, message, ct);
        if (answer.Errcode is { } code && TokenErrors.Contains(code))
        {
            // The token was revoked or expired before our cache said so: one fresh token, one more try.
            tokens.Forget(token.Token!);
            token = await tokens.GetAsync(client, o, ct);
            if (token.Error is not null)
            {
                return SendResult.Retry(token.Error);
            }

            answer = await PostAsync(client, o, token.Token!, message, ct);
        }

        return Outcome(answer, message);
    }

    private SendResult Outcome(SendAnswer answer, OutboxMessage message)
    {
        if (answer.Failure is not null)
        {
            return SendResult.Retry(answer.Failure);
        }

        var invalid = (answer.InvalidUser ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
        if (invalid.Contains(message.Recipient, StringComparer.Ordinal))
        {
            return SendResult.Permanent($"WeCom: not a member of the application (invaliduser {message.Recipient})");
        }

        var text = $"WeCom errcode {answer.Errcode}: {Short(answer.Errmsg)}";
        switch (answer.Errcode)
        {
            case 0:
                return SendResult.Ok;
            case { } c when LimitErrors.Contains(c):
                logger.LogWarning("WeCom rate limit {Errcode} for outbox message {MessageId}", c, message.Id);
                return SendResult.Retry(text, RateLimitBackoff);
            case { } c when TokenErrors.Contains(c):
                return SendResult.Retry("WeCom refused a fresh access token: " + text);
            default:
                logger.LogWarning("WeCom answered {Errcode} for outbox message {MessageId}", answer.Errcode, message.Id);
                return SendResult.Retry(text);
        }
    }

    private async Task<SendAnswer> PostAsync(HttpClient client, WeComOptions o, string token, OutboxMessage message, CancellationToken ct)
    {
        var body = new SendRequest(message.Recipient, "text", o.AgentId, new SendText(message.Body), 1, DuplicateCheckSeconds);
        try
        {
            using var response = await client.PostAsJsonAsync(WeComTokenCache.Url(o, "/cgi-bin/message/send?access_token=" + Uri.EscapeDataString(token)), body, ct);
            if (!response.IsSuccessStatusCode)
            {
                return new SendAnswer { Failure = $"WeCom HTTP {(int)response.StatusCode}" };
            }

            return await response.Content.ReadFromJsonAsync<SendAnswer>(ct) ?? new SendAnswer { Failure = "WeCom: empty answer" };
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("WeCom connection problem for outbox message {MessageId}: {Error}", message.Id, ex.GetType().Name);
            return new SendAnswer { Failure = "WeCom connection: " + ex.GetType().Name };
        }
    }

    /// <summary>
    /// WeCom's own duplicate check (same member, same text within this window is delivered once) makes the outbox's
    /// at-least-once redelivery after a crash (at most one lease, 120 s, later) invisible to the student.
    /// </summary>
    internal const int DuplicateCheckSeconds = 1800;

    /// <summary>When the member already had the per-minute allowance from this application: how long to wait.</summary>
    private async Task<TimeSpan?> MemberBusyUntilAsync(WeComOptions o, OutboxMessage message, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now.AddMinutes(-1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var recent = await db.Outbox.AsNoTracking()
            .Where(m => m.Channel == MessageChannel.WeCom && m.Recipient == message.Recipient && m.State == OutboxState.Sent && m.SentAt > since)
            .OrderBy(m => m.SentAt).Select(m => m.SentAt!.Value).ToListAsync(ct);
        if (recent.Count < Math.Max(1, o.PerMemberPerMinute))
        {
            return null;
        }

        // The oldest message of the last minute leaves the window first.
        var wait = recent[recent.Count - o.PerMemberPerMinute].AddMinutes(1) - now;
        return wait > TimeSpan.Zero ? wait + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1);
    }

    private static string Short(string? text) => text is null ? "" : text.Length > 150 ? text[..150] : text;

    private sealed record SendRequest(
        [property: JsonPropertyName("touser")] string ToUser,
        [property: JsonPropertyName("msgtype")] string MsgType,
        [property: JsonPropertyName("agentid")] int AgentId,
        [property: JsonPropertyName("text")] SendText Text,
        [property: JsonPropertyName("enable_duplicate_check")] int EnableDuplicateCheck,
        [property: JsonPropertyName("duplicate_check_interval")] int DuplicateCheckInterval);

    private sealed record SendText([property: JsonPropertyName("content")] string Content);

    private sealed class SendAnswer
    {
        [JsonPropertyName("errcode")] public int? Errcode { get; set; }
        [JsonPropertyName("errmsg")] public string? Errmsg { get; set; }
        [JsonPropertyName("invaliduser")] public string? InvalidUser { get; set; }
        [JsonIgnore] public string? Failure { get; set; }
    }
}
