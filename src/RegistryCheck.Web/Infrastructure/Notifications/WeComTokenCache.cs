using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// The WeCom access token of this instance, fetched with <c>GET /cgi-bin/gettoken</c> and kept until shortly before
/// its <c>expires_in</c> (WeCom asks callers to cache it: gettoken itself is rate-limited). One fetch at a time; a
/// change of CorpId, Secret or BaseUrl starts over. Each instance has its own token, which WeCom allows.
/// </summary>
public sealed class WeComTokenCache(TimeProvider time, ILogger<WeComTokenCache> logger)
{
    /// <summary>Refresh this long before the announced expiry (at most a tenth of the lifetime for short-lived tokens).</summary>
    internal static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Cached? _cached;

    public sealed record Result(string? Token, string? Error);

    private sealed record Cached(string Key, string Token, DateTimeOffset RefreshAt);

    public async Task<Result> GetAsync(HttpClient client, WeComOptions o, CancellationToken ct)
    {
        var key = KeyOf(o);
        if (Fresh(key) is { } hit)
        {
            return new Result(hit, null);
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh(key) is { } other)
            {
                return new Result(other, null);
            }

            return await FetchAsync(client, o, key, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The API refused this token: the next send fetches a new one (unless someone already did).</summary>
    public void Forget(string token)
    {
        var cached = _cached;
        if (cached is not null && cached.Token == token)
        {
            Interlocked.CompareExchange(ref _cached, null, cached);
        }
    }

    private string? Fresh(string key)
    {
        var cached = _cached;
        return cached is not null && cached.Key == key && time.GetUtcNow() < cached.RefreshAt ? cached.Token : null;
    }

    private async Task<Result> FetchAsync(HttpClient client, WeComOptions o, string key, CancellationToken ct)
    {
        // The secret travels in the query string, as the API wants; the client's loggers are removed (NotificationSetup).
        var url = Url(o, $"/cgi-bin/gettoken?corpid={Uri.EscapeDataString(o.CorpId!)}&corpsecret={Uri.EscapeDataString(o.Secret!)}");
        TokenAnswer? answer;
        try
        {
            using var response = await client.GetAsync(url, ct);
            if (!response.IsSuccessStatusCode)
            {
                return new Result(null, $"WeCom gettoken HTTP {(int)response.StatusCode}");
            }

            answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new Result(null, "WeCom gettoken connection: " + ex.GetType().Name);
        }

        if (answer is null || answer.Errcode != 0 || string.IsNullOrEmpty(answer.AccessToken))
        {
            logger.LogWarning("WeCom gettoken refused: {Errcode}", answer?.Errcode);
            return new Result(null, $"WeCom gettoken errcode {answer?.Errcode}: {answer?.Errmsg}");
        }

        var lifetime = TimeSpan.FromSeconds(Math.Max(1, answer.ExpiresIn));
        var margin = lifetime / 10 < Margin ? lifetime / 10 : Margin;
        _cached = new Cached(key, answer.AccessToken, time.GetUtcNow() + lifetime - margin);
        logger.LogInformation("WeCom access token fetched, valid for {Seconds} s", answer.ExpiresIn);
        return new Result(answer.AccessToken, null);
    }

    internal static Uri Url(WeComOptions o, string pathAndQuery) =>
        new((string.IsNullOrWhiteSpace(o.BaseUrl) ? WeComOptions.PublicApi : o.BaseUrl).TrimEnd('/') + pathAndQuery);

    private static string KeyOf(WeComOptions o) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{o.BaseUrl}\n{o.CorpId}\n{o.Secret}")));

    private sealed class TokenAnswer
    {
        [JsonPropertyName("errcode")] public int Errcode { get; set; }
        [JsonPropertyName("errmsg")] public string? Errmsg { get; set; }
        [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
        [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
    }
}
