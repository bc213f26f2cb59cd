using Microsoft.AspNetCore.Authentication;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Infrastructure.Sso;

/// <summary>A failed campus round trip (refused or replayed ticket, wrong service, provider error): audited, then a page that says so.</summary>
public static class SsoFailure
{
    public static async Task HandleAsync(RemoteFailureContext context)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SsoFailure));
        logger.LogWarning("Campus sign-in through {Scheme} failed: {Reason}", context.Scheme.Name, context.Failure?.Message);
        await context.HttpContext.RequestServices.GetRequiredService<AuditLog>()
            .WriteNowAsync(AuditActions.SsoRefused, "provider", context.Scheme.Name, Truncate(context.Failure?.Message), succeeded: false);
        context.Response.Redirect("/account/sso/failed");
        context.HandleResponse();
    }

    private static string? Truncate(string? value) => value is null || value.Length <= 300 ? value : value[..300];
}
