using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>
/// Identity's cookie hook resolves its validator — and with it SignInManager, UserManager and the user store — on
/// every request, only to find that the interval has not passed. This asks the same question first, with the same
/// options, and hands over to Identity's validator only when a check is due (once a minute per signed-in user).
/// </summary>
public static class SecurityStampCheck
{
    public static Task ValidateWhenDueAsync(CookieValidatePrincipalContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var issued = context.Properties.IssuedUtc;
        var due = issued is null || (options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued.Value > options.ValidationInterval;
        return due ? SecurityStampValidator.ValidatePrincipalAsync(context) : Task.CompletedTask;
    }
}
