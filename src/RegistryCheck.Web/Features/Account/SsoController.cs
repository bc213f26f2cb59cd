using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RegistryCheck.Web.Infrastructure.Sso;

namespace RegistryCheck.Web.Features.Account;

/// <summary>Campus sign-in (统一身份认证): start the round trip, finish it, and the pages for a refusal.</summary>
[Route("account/sso")]
[AllowAnonymous]
public sealed class SsoController : Controller
{
    /// <summary>A form post (with antiforgery) from a sign-in page's button, so no other site can start a campus sign-in for the visitor.</summary>
    [HttpPost("cas")]
    public IActionResult StartCas(string? returnUrl, [FromServices] SsoProviders providers) => Start(CasOptions.Scheme, returnUrl, providers);

    [HttpPost("oidc")]
    public IActionResult StartOidc(string? returnUrl, [FromServices] SsoProviders providers) => Start(OidcSettings.Scheme, returnUrl, providers);

    private IActionResult Start(string scheme, string? returnUrl, SsoProviders providers)
    {
        if (providers.Find(scheme) is null)
        {
            return NotFound();
        }

        var complete = "/account/sso/complete" + (!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? "?returnUrl=" + Uri.EscapeDataString(returnUrl) : "");
        var properties = new AuthenticationProperties { RedirectUri = complete };
        properties.Items[SsoSignInHandler.ProviderItem] = scheme;
        return Challenge(properties, scheme);
    }

    [HttpGet("complete")]
    public async Task<IActionResult> Complete(string? returnUrl, [FromServices] SsoSignInHandler handler, CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(ct);
        if (outcome == SsoOutcome.SignedIn)
        {
            return LocalRedirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
        }

        if (outcome == SsoOutcome.TwoFactorRequired)
        {
            return Redirect("/account/two-factor/verify?returnUrl=" + Uri.EscapeDataString(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/"));
        }

        if (outcome == SsoOutcome.NoExternalSignIn)
        {
            return RedirectToAction(nameof(Failed));
        }

        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("/Features/Account/SsoRefused.cshtml", outcome);
    }

    [HttpGet("failed")]
    public IActionResult Failed() => View("/Features/Account/SsoFailed.cshtml");
}
