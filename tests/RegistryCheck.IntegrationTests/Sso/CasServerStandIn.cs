using System.Collections.Concurrent;
using System.Net;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace RegistryCheck.IntegrationTests.Sso;

/// <summary>
/// A CAS server stand-in on 127.0.0.1 speaking the protocol's HTTP and XML (no CAS server is packaged for these
/// machines): /cas/login shows a form and redirects to the service with ST-…; /cas/serviceValidate (2.0) and
/// /cas/p3/serviceValidate (3.0) answer with cas:serviceResponse, tickets single-use and bound to their service, as a
/// real CAS server does; <see cref="SendLogoutAsync"/> posts a SAML single-logout request as CAS does on sign-out.
/// </summary>
public sealed class CasServerStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string User, string Service)> _tickets = new();
    private int _next;

    /// <summary>3.0 attributes per campus user.</summary>
    public ConcurrentDictionary<string, Dictionary<string, string>> Attributes { get; } = new();

    /// <summary>Every validation request's path, in order.</summary>
    public ConcurrentQueue<string> Validations { get; } = new();

    /// <summary>A lax server that validates a ticket again: to show that the portal itself refuses a replay.</summary>
    public bool AllowReplay { get; set; }

    public string BaseUrl { get; private set; } = "";

    private CasServerStandIn()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet("/cas/login", (string service) => Results.Content(
            $"""<!DOCTYPE html><html><body><h1>CAS</h1><form method="post" action="/cas/login?service={Uri.EscapeDataString(service)}"><input name="username" id="username"><input name="password" id="password" type="password"><button type="submit" id="cas-submit">登录</button></form></body></html>""",
            "text/html; charset=utf-8"));
        _app.MapPost("/cas/login", async (HttpContext context, string service) =>
        {
            var form = await context.Request.ReadFormAsync();
            var ticket = IssueTicket(form["username"].ToString(), service);
            return Results.Redirect(service + (service.Contains('?') ? "&" : "?") + "ticket=" + Uri.EscapeDataString(ticket));
        });
        _app.MapGet("/cas/serviceValidate", (string? service, string? ticket) => Validate("/cas/serviceValidate", service, ticket, attributes: false));
        _app.MapGet("/cas/p3/serviceValidate", (string? service, string? ticket) => Validate("/cas/p3/serviceValidate", service, ticket, attributes: true));
    }

    public static async Task<CasServerStandIn> StartAsync()
    {
        var server = new CasServerStandIn();
        await server._app.StartAsync();
        server.BaseUrl = server._app.Urls.First().TrimEnd('/') + "/cas";
        return server;
    }

    /// <summary>What /cas/login does after a successful sign-in: a service ticket for this user and service.</summary>
    public string IssueTicket(string user, string service)
    {
        var ticket = $"ST-{Interlocked.Increment(ref _next)}-{Guid.NewGuid():N}-cas";
        _tickets[ticket] = (user, service);
        return ticket;
    }

    private IResult Validate(string path, string? service, string? ticket, bool attributes)
    {
        Validations.Enqueue(path);
        var found = ticket is not null && (AllowReplay ? _tickets.TryGetValue(ticket, out var t) : _tickets.TryRemove(ticket, out t)) ? t : default;
        string body;
        if (found.User is null)
        {
            body = Failure("INVALID_TICKET", $"Ticket {ticket} not recognized");
        }
        else if (found.Service != service)
        {
            body = Failure("INVALID_SERVICE", $"Ticket {ticket} does not match supplied service");
        }
        else
        {
            var extra = new StringBuilder();
            if (attributes && Attributes.TryGetValue(found.User, out var values))
            {
                extra.Append("<cas:attributes>");
                foreach (var (k, v) in values)
                {
                    extra.Append($"<cas:{k}>{SecurityElement.Escape(v)}</cas:{k}>");
                }

                extra.Append("</cas:attributes>");
            }

            body = $"""<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess><cas:user>{SecurityElement.Escape(found.User)}</cas:user>{extra}</cas:authenticationSuccess></cas:serviceResponse>""";
        }

        return Results.Content(body, "application/xml; charset=utf-8");
    }

    private static string Failure(string code, string message) =>
        $"""<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="{code}">{message}</cas:authenticationFailure></cas:serviceResponse>""";

    /// <summary>The back-channel logout a CAS server sends to the service when the person signs out of CAS.</summary>
    public static string LogoutRequest(string ticket) =>
        $"""<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="LR-{Guid.NewGuid():N}" Version="2.0" IssueInstant="{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}"><saml:NameID>@NOT_USED@</saml:NameID><samlp:SessionIndex>{ticket}</samlp:SessionIndex></samlp:LogoutRequest>""";

    public static Task<HttpResponseMessage> SendLogoutAsync(HttpClient toPortal, string servicePath, string ticket) =>
        toPortal.PostAsync(servicePath, new FormUrlEncodedContent([new("logoutRequest", LogoutRequest(ticket))]));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
