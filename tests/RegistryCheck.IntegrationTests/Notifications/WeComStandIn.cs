using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>One text message the stand-in accepted for delivery.</summary>
public sealed record WeComDelivery(string ToUser, int AgentId, string Content, string Token, DateTimeOffset At);

/// <summary>
/// A local stand-in of the WeCom API (Kestrel on 127.0.0.1, ephemeral port), built on the documented facts: gettoken
/// answers a token with expires_in; message/send answers 40014 for an unknown token, 42001 for one past its expiry
/// (on the portal's fake clock), 45009 above 30 messages a minute to one member (or when told to), lists unknown
/// members in invaliduser (81013 when nobody was valid), and drops a duplicate when enable_duplicate_check is set.
/// The live service was never reached (docs/notifications.md).
/// </summary>
public sealed class WeComStandIn : IAsyncDisposable
{
    public const string CorpId = "ww-test-corp";
    public const string Secret = "wecom-test-secret";
    public const int AgentId = 1000002;

    private readonly StandInHost _host;
    private TimeProvider _clock = TimeProvider.System;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new();
    private readonly ConcurrentQueue<(string User, DateTimeOffset At)> _sends = new();
    private readonly ConcurrentQueue<WeComDelivery> _delivered = new();
    private readonly ConcurrentQueue<int> _errors = new();
    private int _tokenCount;
    private int _rateLimitNext;

    public HashSet<string> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>The lifetime gettoken announces.</summary>
    public int ExpiresIn { get; set; } = 7200;

    public int TokenFetches => _tokenCount;

    public IReadOnlyList<WeComDelivery> Delivered => _delivered.ToList();

    /// <summary>Every non-zero errcode message/send answered, in order.</summary>
    public IReadOnlyList<int> Errors => _errors.ToList();

    public string BaseUrl => _host.Address;

    private WeComStandIn()
    {
        _host = StandInHost.Start(app =>
        {
            app.MapGet("/cgi-bin/gettoken", GetToken);
            app.MapPost("/cgi-bin/message/send", (Func<HttpContext, Task<IResult>>)SendAsync);
        });
    }

    public static WeComStandIn Start(params string[] members)
    {
        var standIn = new WeComStandIn();
        standIn.Members.UnionWith(members);
        return standIn;
    }

    public Dictionary<string, string?> Settings(bool studentNumberIsUserId = true) => new()
    {
        ["Notifications:WeCom:CorpId"] = CorpId,
        ["Notifications:WeCom:AgentId"] = AgentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:WeCom:Secret"] = Secret,
        ["Notifications:WeCom:BaseUrl"] = BaseUrl,
        ["Notifications:WeCom:StudentNumberIsUserId"] = studentNumberIsUserId ? "true" : "false",
    };

    /// <summary>Token expiry and the per-minute limit follow the portal's fake clock.</summary>
    public void UseClock(TimeProvider clock) => _clock = clock;

    /// <summary>WeCom revoked every token it gave (a secret reset): the next send with one answers 40014.</summary>
    public void RevokeTokens() => _tokens.Clear();

    /// <summary>Every token given so far expires now (earlier than announced): the next send with one answers 42001.</summary>
    public void ExpireTokens()
    {
        foreach (var token in _tokens.Keys)
        {
            _tokens[token] = _clock.GetUtcNow();
        }
    }

    /// <summary>The next <paramref name="count"/> sends answer 45009 (the application's frequency limit).</summary>
    public void RateLimitNext(int count) => Interlocked.Exchange(ref _rateLimitNext, count);

    private IResult GetToken(string? corpid, string? corpsecret)
    {
        if (corpid != CorpId)
        {
            return Results.Json(new { errcode = 40013, errmsg = "invalid corpid" });
        }

        if (corpsecret != Secret)
        {
            return Results.Json(new { errcode = 40001, errmsg = "invalid credential" });
        }

        var n = Interlocked.Increment(ref _tokenCount);
        var token = $"token-{n}-{Guid.NewGuid():N}";
        _tokens[token] = _clock.GetUtcNow().AddSeconds(ExpiresIn);
        return Results.Json(new { errcode = 0, errmsg = "ok", access_token = token, expires_in = ExpiresIn });
    }

    private async Task<IResult> SendAsync(HttpContext context)
    {
        var token = context.Request.Query["access_token"].ToString();
        if (!_tokens.TryGetValue(token, out var expires))
        {
            return Error(40014, "invalid access_token");
        }

        if (_clock.GetUtcNow() >= expires)
        {
            return Error(42001, "access_token expired");
        }

        var body = await JsonNode.ParseAsync(context.Request.Body) ?? throw new InvalidOperationException("no body");
        if ((string?)body["msgtype"] != "text" || (int?)body["agentid"] != AgentId || string.IsNullOrEmpty((string?)body["text"]?["content"]))
        {
            return Error(40008, "invalid message type, agentid or content");
        }

        if (Interlocked.Decrement(ref _rateLimitNext) >= 0)
        {
            return Error(45009, "api freq out of limit");
        }

        var users = ((string?)body["touser"] ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
        var invalid = users.Where(u => !Members.Contains(u)).ToList();
        var valid = users.Where(Members.Contains).ToList();
        if (valid.Count == 0)
        {
            return Results.Json(new { errcode = 81013, errmsg = "user & party & tag all invalid", invaliduser = string.Join('|', invalid) });
        }

        var now = _clock.GetUtcNow();
        var recent = _sends.Where(s => s.At > now.AddMinutes(-1)).ToList();
        if (valid.Any(u => recent.Count(s => s.User == u) >= 30))
        {
            return Error(45009, "api freq out of limit: 30 per member per minute");
        }

        var content = (string)body["text"]!["content"]!;
        foreach (var user in valid)
        {
            var interval = (int?)body["duplicate_check_interval"] ?? 1800;
            var duplicate = (int?)body["enable_duplicate_check"] == 1
                && _delivered.Any(d => d.ToUser == user && d.Content == content && d.At > now.AddSeconds(-interval));
            _sends.Enqueue((user, now));
            if (!duplicate)
            {
                _delivered.Enqueue(new WeComDelivery(user, AgentId, content, token, now));
            }
        }

        return Results.Json(new { errcode = 0, errmsg = "ok", invaliduser = string.Join('|', invalid), msgid = Guid.NewGuid().ToString("N") });
    }

    private IResult Error(int code, string message)
    {
        _errors.Enqueue(code);
        return Results.Json(new { errcode = code, errmsg = message });
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
