namespace RegistryCheck.Web.Infrastructure.Security;

/// <summary>
/// Headers on every response. The CSP allows no inline script and no inline style: every script and style
/// is a file under wwwroot, so an injected &lt;script&gt; or onclick attribute cannot run.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The policy, with the campus sign-in servers added to form-action: the SSO button posts to the portal, whose
    /// answer redirects the form to the CAS or OIDC server, and browsers apply form-action to that redirect too.
    /// </summary>
    public static string PolicyFor(IEnumerable<string> formTargets)
    {
        var extra = string.Join(' ', formTargets.Distinct(StringComparer.Ordinal));
        return extra.Length == 0 ? ContentSecurityPolicy : ContentSecurityPolicy.Replace("form-action 'self'", "form-action 'self' " + extra, StringComparison.Ordinal);
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var policy = PolicyFor(app.ApplicationServices.GetRequiredService<Sso.SsoProviders>().Origins);
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.ContentSecurityPolicy = policy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
