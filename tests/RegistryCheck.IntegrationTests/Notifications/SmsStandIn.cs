using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>One SMS the stand-in accepted.</summary>
public sealed record SmsDelivery(string Phone, string SignName, string TemplateCode, JsonObject TemplateParam, string OutId);

/// <summary>
/// A local stand-in of Aliyun's SendSms (dysmsapi 2017-05-25) on 127.0.0.1: it recomputes the RPC signature from the
/// decoded form values with its own code (Uri.EscapeDataString, which is RFC 3986 in .NET) and refuses a mismatch
/// (SignatureDoesNotMatch, HTTP 400), a reused SignatureNonce, a Timestamp that is not ISO 8601 UTC or is more than
/// 15 minutes off, an unknown key, sign name or template code; numbers in <see cref="Limited"/> answer
/// isv.BUSINESS_LIMIT_CONTROL. The live service was never reached.
/// </summary>
public sealed class SmsStandIn : IAsyncDisposable
{
    public const string KeyId = "LTAI-test-key";
    public const string KeySecret = "sms-test-secret";
    public const string Sign = "某某大学";

    private readonly StandInHost _host;
    private readonly ConcurrentQueue<SmsDelivery> _delivered = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly ConcurrentDictionary<string, bool> _nonces = new();
    private TimeProvider _clock = TimeProvider.System;

    public HashSet<string> Templates { get; } = new(StringComparer.Ordinal) { "SMS_NUDGE_1", "SMS_RETURNED_1", "SMS_RESET_1" };

    public HashSet<string> Limited { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<SmsDelivery> Delivered => _delivered.ToList();

    /// <summary>Every Code other than OK the stand-in answered.</summary>
    public IReadOnlyList<string> Refusals => _refusals.ToList();

    public string Endpoint => _host.Address;

    private SmsStandIn()
    {
        _host = StandInHost.Start(app =>
        {
            app.MapPost("/", (Func<HttpContext, Task<IResult>>)SendSmsAsync);
        });
    }

    public static SmsStandIn Start() => new();

    public void UseClock(TimeProvider clock) => _clock = clock;

    public Dictionary<string, string?> Settings(string secret = KeySecret) => new()
    {
        ["Notifications:Sms:AccessKeyId"] = KeyId,
        ["Notifications:Sms:AccessKeySecret"] = secret,
        ["Notifications:Sms:SignName"] = Sign,
        ["Notifications:Sms:Endpoint"] = Endpoint,
        ["Notifications:Sms:Templates:Nudge"] = "SMS_NUDGE_1",
        ["Notifications:Sms:Templates:ReportReturned"] = "SMS_RETURNED_1",
        ["Notifications:Sms:Templates:PasswordReset"] = "SMS_RESET_1",
    };

    private async Task<IResult> SendSmsAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var p = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        string Get(string name) => p.TryGetValue(name, out var v) ? v : "";

        if (Get("AccessKeyId") != KeyId)
        {
            return Refuse("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
        }

        if (Get("Signature") != Expected(p))
        {
            return Refuse("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.", 400);
        }

        if (Get("Action") != "SendSms" || Get("Version") != "2017-05-25" || Get("Format") != "JSON"
            || Get("SignatureMethod") != "HMAC-SHA1" || Get("SignatureVersion") != "1.0")
        {
            return Refuse("MissingParameter", "Action, Version, Format or signature parameters are wrong.", 400);
        }

        if (!DateTimeOffset.TryParseExact(Get("Timestamp"), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var at) || (at - _clock.GetUtcNow()).Duration() > TimeSpan.FromMinutes(15))
        {
            return Refuse("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400);
        }

        if (string.IsNullOrEmpty(Get("SignatureNonce")) || !_nonces.TryAdd(Get("SignatureNonce"), true))
        {
            return Refuse("SignatureNonceUsed", "Specified signature nonce was used already.", 400);
        }

        if (Get("SignName") != Sign)
        {
            return Refuse("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名");
        }

        if (!Templates.Contains(Get("TemplateCode")))
        {
            return Refuse("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板");
        }

        if (Limited.Contains(Get("PhoneNumbers")))
        {
            return Refuse("isv.BUSINESS_LIMIT_CONTROL", "触发号码天级流控Permits:10");
        }

        var param = JsonNode.Parse(Get("TemplateParam")) as JsonObject ?? throw new InvalidOperationException("TemplateParam");
        _delivered.Enqueue(new SmsDelivery(Get("PhoneNumbers"), Get("SignName"), Get("TemplateCode"), param, Get("OutId")));
        return Results.Json(new { Code = "OK", Message = "OK", BizId = Guid.NewGuid().ToString("N"), RequestId = Guid.NewGuid().ToString("D") });
    }

    /// <summary>The RPC signature as the gateway computes it, written independently of the portal's signer.</summary>
    private static string Expected(Dictionary<string, string> p)
    {
        static string E(string s) => Uri.EscapeDataString(s);
        var query = string.Join("&", p.Where(kv => kv.Key != "Signature").OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => E(kv.Key) + "=" + E(kv.Value)));
        var toSign = "POST&" + E("/") + "&" + E(query);
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(KeySecret + "&"));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(toSign)));
    }

    private IResult Refuse(string code, string message, int status = 200)
    {
        _refusals.Enqueue(code);
        return Results.Json(new { Code = code, Message = message, RequestId = Guid.NewGuid().ToString("D") }, statusCode: status);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
