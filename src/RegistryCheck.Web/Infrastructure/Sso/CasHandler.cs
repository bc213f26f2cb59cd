using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace RegistryCheck.Web.Infrastructure.Sso;

/// <summary>
/// A CAS 2.0/3.0 client on ASP.NET Core's remote-authentication base (ADR-012; no CAS client library is served).
/// <list type="number">
/// <item>Challenge: the properties (return URL, correlation id) go into a short-lived data-protected cookie, and the
/// browser to <c>{ServerUrl}/login?service={ServiceUrl}</c>. The service URL is fixed — <c>Portal:PublicOrigin</c> +
/// <c>/signin-cas</c> — so the CAS registry can match it exactly, and it is never built from the Host header.</item>
/// <item>Callback <c>GET /signin-cas?ticket=ST-…</c>: the state cookie and the correlation cookie must match; the
/// ticket is recorded as used (a second use is refused, on any instance) and validated over the back channel at
/// <c>/serviceValidate</c> (2.0) or <c>/p3/serviceValidate</c> (3.0) for exactly this service URL; the XML is read
/// without DTDs (<see cref="CasXml"/>). The campus user name is <c>cas:user</c> or the configured 3.0 attribute.
/// The result goes to the external cookie; mapping to a portal account is the sign-in feature's job.</item>
/// <item>Single logout <c>POST /signin-cas</c> with <c>logoutRequest=&lt;samlp:LogoutRequest…&gt;</c>: the session
/// signed in with the named ticket ends. Handled here, before MVC, so neither antiforgery nor the fallback policy
/// applies; accepted only for a ticket the portal holds a session for.</item>
/// </list>
/// </summary>
public sealed class CasHandler(IOptionsMonitor<CasOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : RemoteAuthenticationHandler<CasOptions>(options, logger, encoder)
{
    /// <summary>Claim with the raw cas:user, beside the name identifier (which may come from an attribute).</summary>
    public const string CasUserClaim = "cas:user";

    /// <summary>Properties item: SHA-256 (hex) of the service ticket, for single logout.</summary>
    public const string TicketHashItem = "cas:ticket-hash";

    private const string StateCookie = ".rc.cas.state";

    public override Task<bool> ShouldHandleRequestAsync() =>
        Options.Enabled ? base.ShouldHandleRequestAsync() : Task.FromResult(false);

    public override async Task<bool> HandleRequestAsync()
    {
        if (HttpMethods.IsPost(Request.Method) && await ShouldHandleRequestAsync())
        {
            await HandleSingleLogoutAsync();
            return true;
        }

        return await base.HandleRequestAsync();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!Options.Enabled)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (string.IsNullOrEmpty(properties.RedirectUri))
        {
            properties.RedirectUri = OriginalPathBase + OriginalPath + Request.QueryString;
        }

        GenerateCorrelationId(properties);
        Response.Cookies.Append(StateCookie, Options.StateDataFormat.Protect(properties), StateCookieOptions(TimeProvider.GetUtcNow().Add(Options.RemoteAuthenticationTimeout)));
        Response.Redirect(ServerUrl + "/login?service=" + Uri.EscapeDataString(Options.ServiceUrl!));
        return Task.CompletedTask;
    }

    protected override async Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        var state = Request.Cookies[StateCookie];
        Response.Cookies.Delete(StateCookie, StateCookieOptions(null));
        var properties = string.IsNullOrEmpty(state) ? null : Options.StateDataFormat.Unprotect(state);
        if (properties is null)
        {
            return HandleRequestResult.Fail("The CAS state cookie is missing or invalid.");
        }

        if (!ValidateCorrelationId(properties))
        {
            return HandleRequestResult.Fail("Correlation failed.", properties);
        }

        var ticket = Request.Query["ticket"].ToString();
        if (!IsPlausibleTicket(ticket))
        {
            return HandleRequestResult.Fail("The callback carries no service ticket.", properties);
        }

        var hash = Hash(ticket);
        if (!await Context.RequestServices.GetRequiredService<ICasTicketLedger>().TryUseAsync(hash, Context.RequestAborted))
        {
            return HandleRequestResult.Fail("The service ticket was used before.", properties);
        }

        var validation = await ValidateAsync(ticket);
        if (!validation.Succeeded)
        {
            return HandleRequestResult.Fail($"The CAS server refused the ticket: {validation.FailureCode}", properties);
        }

        var name = string.IsNullOrEmpty(Options.UserAttribute)
            ? validation.User
            : validation.Attributes.GetValueOrDefault(Options.UserAttribute)?.FirstOrDefault(v => v.Length > 0);
        if (string.IsNullOrWhiteSpace(name))
        {
            return HandleRequestResult.Fail("The CAS answer lacks the configured user attribute.", properties);
        }

        var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.NameIdentifier, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, name.Trim(), ClaimValueTypes.String, ClaimsIssuer));
        identity.AddClaim(new Claim(CasUserClaim, validation.User!, ClaimValueTypes.String, ClaimsIssuer));
        properties.Items[TicketHashItem] = hash;
        return HandleRequestResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, Scheme.Name));
    }

    private string ServerUrl => Options.ServerUrl!.TrimEnd('/');

    private async Task<CasValidation> ValidateAsync(string ticket)
    {
        var path = Options.Protocol == 2 ? "/serviceValidate" : "/p3/serviceValidate";
        var url = $"{ServerUrl}{path}?service={Uri.EscapeDataString(Options.ServiceUrl!)}&ticket={Uri.EscapeDataString(ticket)}";
        try
        {
            using var response = await Options.Backchannel.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, Context.RequestAborted);
            if (!response.IsSuccessStatusCode)
            {
                return CasValidation.Failure("HTTP_" + (int)response.StatusCode);
            }

            await using var body = await response.Content.ReadAsStreamAsync(Context.RequestAborted);
            var buffer = new byte[Options.MaxResponseBytes + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), Context.RequestAborted)) > 0)
            {
                read += n;
            }

            return read > Options.MaxResponseBytes
                ? CasValidation.Failure("RESPONSE_TOO_LARGE")
                : CasXml.ParseServiceResponse(Encoding.UTF8.GetString(buffer, 0, read));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Logger.LogWarning(e, "CAS ticket validation at {Server} failed", ServerUrl);
            return CasValidation.Failure("UNREACHABLE");
        }
    }

    private async Task HandleSingleLogoutAsync()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        if (!Request.HasFormContentType)
        {
            return;
        }

        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form;
        try
        {
            // Bounded: a logout request is a few hundred bytes; nothing else is read from this anonymous POST.
            using var reader = new FormReader(Request.Body) { ValueCountLimit = 8, KeyLengthLimit = 64, ValueLengthLimit = CasXml.MaxCharacters };
            form = await reader.ReadFormAsync(Context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return;
        }

        var index = form.TryGetValue("logoutRequest", out var xml) ? CasXml.SessionIndexOfLogoutRequest(xml.ToString()) : null;
        if (index is null || !IsPlausibleTicket(index))
        {
            return;
        }

        var ended = await Context.RequestServices.GetRequiredService<ICasTicketLedger>().EndSessionsAsync(Hash(index), Context.RequestAborted);
        Response.StatusCode = ended > 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
    }

    private CookieOptions StateCookieOptions(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        IsEssential = true,
        Secure = Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = OriginalPathBase + Options.CallbackPath,
        Expires = expires,
    };

    /// <summary>CAS tickets are short ASCII tokens (ST-…); anything else is not sent to the server at all.</summary>
    private static bool IsPlausibleTicket(string ticket) =>
        ticket.Length is > 0 and <= 256 && ticket.All(c => c is > ' ' and < (char)127);

    public static string Hash(string ticket) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ticket)));
}
