using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// SMS through Aliyun's SendSms (dysmsapi, API version 2017-05-25), signed with the RPC signature
/// (<see cref="AliyunRpcSignature"/>). The text is the gateway's approved template of the message kind
/// (<c>Notifications:Sms:Templates:&lt;kind&gt;</c>) filled with the row's values; an answer <c>Code</c> other than
/// <c>OK</c> fails the message with its <c>Message</c> (flow-control and system errors are retried).
/// </summary>
public sealed partial class SmsSender(
    IHttpClientFactory http, IOptionsMonitor<NotificationOptions> options, TimeProvider time, ILogger<SmsSender> logger) : IMessageSender
{
    public const string HttpClientName = "AliyunSms";
    public const string ApiVersion = "2017-05-25";

    /// <summary>Codes that may pass later: the gateway's flow control per number or account, and its own faults.</summary>
    private static readonly string[] Transient = ["isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "Throttling", "isp.SYSTEM_ERROR", "ServiceUnavailable"];

    public MessageChannel Channel => MessageChannel.Sms;

    public bool IsConfigured => options.CurrentValue.Sms.IsConfigured;

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue.Sms;
        if (!o.IsConfigured)
        {
            return SendResult.Retry("SMS is not configured");
        }

        if (o.TemplateFor(message.Kind) is not { } template)
        {
            return SendResult.Permanent($"no approved SMS template for {message.Kind} (Notifications:Sms:Templates:{message.Kind})");
        }

        if (!Mobile().IsMatch(message.Recipient))
        {
            return SendResult.Permanent("not a mainland mobile number");
        }

        var parameters = Parameters(o, template, message);
        var body = AliyunRpcSignature.CanonicalQuery(parameters) + "&Signature="
            + AliyunRpcSignature.Encode(AliyunRpcSignature.Sign("POST", parameters, o.AccessKeySecret!));
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
            using var response = await http.CreateClient(HttpClientName).PostAsync(EndpointOf(o), content, ct);
            var answer = await ReadAsync(response, ct);
            if (answer?.Code is null)
            {
                return SendResult.Retry($"SMS gateway HTTP {(int)response.StatusCode}");
            }

            return Outcome(answer, message);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("SMS gateway connection problem for outbox message {MessageId}: {Error}", message.Id, ex.GetType().Name);
            return SendResult.Retry("SMS gateway connection: " + ex.GetType().Name);
        }
    }

    private SendResult Outcome(SendSmsAnswer answer, OutboxMessage message)
    {
        if (answer.Code == "OK")
        {
            return SendResult.Ok;
        }

        logger.LogWarning("SMS gateway answered {Code} for outbox message {MessageId}", answer.Code, message.Id);
        var text = $"SMS {answer.Code}: {Short(answer.Message)}";
        return Transient.Contains(answer.Code, StringComparer.Ordinal) ? SendResult.Retry(text) : SendResult.Permanent(text);
    }

    /// <summary>Every parameter of the request except the signature (public to let the tests sign the same set).</summary>
    internal List<KeyValuePair<string, string>> Parameters(SmsOptions o, string template, OutboxMessage message) =>
    [
        new("AccessKeyId", o.AccessKeyId!),
        new("Action", "SendSms"),
        new("Format", "JSON"),
        // The outbox row: the gateway's delivery reports carry it back, and support can find a message by it.
        new("OutId", "outbox-" + message.Id.ToString(CultureInfo.InvariantCulture)),
        new("PhoneNumbers", message.Recipient),
        new("RegionId", "cn-hangzhou"),
        new("SignName", o.SignName!),
        new("SignatureMethod", "HMAC-SHA1"),
        new("SignatureNonce", Guid.NewGuid().ToString("D")),
        new("SignatureVersion", "1.0"),
        new("TemplateCode", template),
        new("TemplateParam", string.IsNullOrWhiteSpace(message.ValuesJson) ? "{}" : message.ValuesJson),
        new("Timestamp", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        new("Version", ApiVersion),
    ];

    private static Uri EndpointOf(SmsOptions o) =>
        new((string.IsNullOrWhiteSpace(o.Endpoint) ? SmsOptions.PublicEndpoint : o.Endpoint).TrimEnd('/') + "/");

    /// <summary>The gateway answers JSON also with 4xx (a bad signature, a missing parameter).</summary>
    private static async Task<SendSmsAnswer?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<SendSmsAnswer>(ct);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static string Short(string? text) => text is null ? "" : text.Length > 150 ? text[..150] : text;

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();

    private sealed class SendSmsAnswer
    {
        [JsonPropertyName("Code")] public string? Code { get; set; }
        [JsonPropertyName("Message")] public string? Message { get; set; }
        [JsonPropertyName("BizId")] public string? BizId { get; set; }
        [JsonPropertyName("RequestId")] public string? RequestId { get; set; }
    }
}
