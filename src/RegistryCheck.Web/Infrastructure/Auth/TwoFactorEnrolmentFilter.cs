using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>Marks the enrolment pages, which a staff member who must enrol may open.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowBeforeTwoFactorEnrolmentAttribute : Attribute
{
}

/// <summary>
/// A staff member of a role in Security:TwoFactor:RequiredRoles who has not enrolled an authenticator reaches no
/// other page (sign-out, password change, help and errors excepted). The enrolment state is a claim, refreshed with
/// the security stamp, so this costs no query.
/// </summary>
public sealed class TwoFactorEnrolmentFilter(IOptions<TwoFactorOptions> options) : IAsyncActionFilter
{
    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        var metadata = context.ActionDescriptor.EndpointMetadata;
        var exempt = metadata.OfType<AllowBeforeTwoFactorEnrolmentAttribute>().Any() || metadata.OfType<AllowBeforePasswordChangeAttribute>().Any();
        if (user.Identity?.IsAuthenticated == true && !exempt && !user.MustChangePasswordNow()
            && !user.HasClaim(c => c.Type == AppClaims.TwoFactorEnabled) && options.Value.Requires(user))
        {
            context.Result = new RedirectResult("/account/two-factor");
            return Task.CompletedTask;
        }

        return next();
    }
}
