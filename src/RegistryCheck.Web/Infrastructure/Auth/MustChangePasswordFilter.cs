using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>Marks actions a student may use before setting an own password (the change form, sign-out, help).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowBeforePasswordChangeAttribute : Attribute
{
}

/// <summary>A student signed in with the initial password reaches no other page until setting an own password.</summary>
public sealed class MustChangePasswordFilter : IAsyncActionFilter
{
    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        var allowed = context.ActionDescriptor.EndpointMetadata.OfType<AllowBeforePasswordChangeAttribute>().Any();
        if (user.Identity?.IsAuthenticated == true && user.MustChangePasswordNow() && !allowed)
        {
            context.Result = new RedirectToActionResult("ChangePassword", "Account", null);
            return Task.CompletedTask;
        }

        return next();
    }
}
