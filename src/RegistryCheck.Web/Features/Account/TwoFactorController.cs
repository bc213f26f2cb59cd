using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Account;

/// <summary>Two-factor sign-in for staff: enrolment (staff only) and the code step of a sign-in (before one exists).</summary>
[Route("account/two-factor")]
public sealed class TwoFactorController(IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.Staff)]
    [AllowBeforeTwoFactorEnrolment]
    public async Task<IActionResult> Enrol([FromServices] TwoFactorEnrolmentHandler handler) =>
        View("/Features/Account/TwoFactor.cshtml", await handler.GetAsync(User));

    [HttpPost("")]
    [Authorize(Policy = Policies.Staff)]
    [AllowBeforeTwoFactorEnrolment]
    public async Task<IActionResult> Enrol(TwoFactorCodeForm form, [FromServices] TwoFactorEnrolmentHandler handler)
    {
        var codes = ModelState.IsValid ? await handler.EnableAsync(User, form.Code!) : null;
        if (codes is null)
        {
            ModelState.AddModelError(nameof(form.Code), l["验证码不正确，请输入验证器应用当前显示的 6 位数字"]);
            return View("/Features/Account/TwoFactor.cshtml", await handler.GetAsync(User));
        }

        // Shown once, in this response only.
        Response.Headers.CacheControl = "no-store, private";
        return View("/Features/Account/TwoFactorCodes.cshtml", codes);
    }

    [HttpGet("verify")]
    [AllowAnonymous]
    public IActionResult Verify(string? returnUrl) => View("/Features/Account/TwoFactorVerify.cshtml", new TwoFactorCodeForm { ReturnUrl = returnUrl });

    [HttpPost("verify")]
    [AllowAnonymous]
    public async Task<IActionResult> Verify(TwoFactorCodeForm form, [FromServices] TwoFactorSignInHandler handler, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View("/Features/Account/TwoFactorVerify.cshtml", form);
        }

        var outcome = await handler.HandleAsync(form.Code!, ct);
        switch (outcome)
        {
            case TwoFactorOutcome.SignedIn:
                return LocalRedirect(!string.IsNullOrEmpty(form.ReturnUrl) && Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : "/");
            case TwoFactorOutcome.NoPendingSignIn:
                return Redirect("/account/staff-sign-in");
            default:
                ModelState.AddModelError(nameof(form.Code), outcome == TwoFactorOutcome.LockedOut
                    ? l["验证码错误次数过多，账号已暂时锁定，请稍后再试"]
                    : l["验证码不正确"]);
                form.Code = null;
                return View("/Features/Account/TwoFactorVerify.cshtml", form);
        }
    }
}
