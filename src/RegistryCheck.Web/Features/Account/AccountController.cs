using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Localization;
using RegistryCheck.Web.Infrastructure.Sessions;
using RegistryCheck.Web.Infrastructure.Time;
using RegistryCheck.Web.Infrastructure.Mvc;

namespace RegistryCheck.Web.Features.Account;

[Route("account")]
public sealed class AccountController(IStringLocalizer<SharedResource> l, CampaignClock clock) : Controller
{
    [HttpGet("sign-in")]
    [AllowAnonymous]
    public IActionResult SignIn(string? returnUrl) =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect("/") : View(new StudentSignInForm { ReturnUrl = returnUrl });

    [HttpPost("sign-in")]
    [AllowAnonymous]
    public async Task<IActionResult> SignIn(StudentSignInForm form, [FromServices] StudentSignInHandler handler, CancellationToken ct) =>
        await SignedInAsync(form, () => handler.HandleAsync(form, ct));

    [HttpGet("staff-sign-in")]
    [AllowAnonymous]
    public IActionResult StaffSignIn(string? returnUrl) =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect("/") : View(new StaffSignInForm { ReturnUrl = returnUrl });

    [HttpPost("staff-sign-in")]
    [AllowAnonymous]
    public async Task<IActionResult> StaffSignIn(StaffSignInForm form, [FromServices] StaffSignInHandler handler, CancellationToken ct) =>
        await SignedInAsync(form, () => handler.HandleAsync(form, ct));

    [HttpGet("password")]
    [AllowBeforePasswordChange]
    public IActionResult ChangePassword() => View(new ChangePasswordForm { IsInitial = IsInitialPassword });

    [HttpPost("password")]
    [AllowBeforePasswordChange]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form, [FromServices] ChangePasswordHandler handler)
    {
        form.IsInitial = IsInitialPassword;
        if (!form.IsInitial && string.IsNullOrEmpty(form.CurrentPassword))
        {
            ModelState.AddModelError(nameof(form.CurrentPassword), l["请输入当前密码"]);
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await handler.HandleAsync(User, form);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var message = error.Code == ChangePasswordHandler.ThrottledCode
                    ? l["当前密码错误次数过多，已暂时锁定，请于 {0} 后再试", clock.Format(RetryAfter(error.Description))].Value
                    : error.Description;
                ModelState.AddModelError(error.Code is "PasswordMismatch" or ChangePasswordHandler.ThrottledCode ? nameof(form.CurrentPassword) : nameof(form.NewPassword), message);
            }

            return View(form);
        }

        TempData.Flash(l["密码已设置。今后请使用新密码登录。"].Value);
        return LocalRedirect("/");
    }

    [HttpPost("sign-out")]
    [AllowBeforePasswordChange]
    public async Task<IActionResult> SignOutNow([FromServices] SignInManager<AppUser> signInManager, [FromServices] AuditLog audit)
    {
        await audit.WriteNowAsync(AuditActions.SignOut, "user", User.GetUserId());
        await signInManager.SignOutAsync();
        return RedirectToAction(nameof(SignIn));
    }

    [HttpGet("sessions")]
    [Authorize(Policy = Policies.Staff)]
    public async Task<IActionResult> Sessions([FromServices] MySessionsHandler handler, CancellationToken ct) =>
        View(await handler.ListAsync(User.GetUserId(), CurrentSessionKey, ct));

    [HttpPost("sessions/{id:int}/end")]
    [Authorize(Policy = Policies.Staff)]
    public async Task<IActionResult> EndSession(int id, [FromServices] MySessionsHandler handler, CancellationToken ct)
    {
        if (!await handler.EndAsync(User.GetUserId(), id, ct))
        {
            return NotFound();
        }

        TempData["Flash"] = l["该会话已结束。"].Value;
        return RedirectToAction(nameof(Sessions));
    }

    [HttpPost("sessions/end-others")]
    [Authorize(Policy = Policies.Staff)]
    public async Task<IActionResult> EndOtherSessions([FromServices] MySessionsHandler handler, CancellationToken ct)
    {
        var ended = await handler.EndOthersAsync(User.GetUserId(), CurrentSessionKey, ct);
        TempData["Flash"] = l["已结束其他 {0} 个会话。", ended].Value;
        return RedirectToAction(nameof(Sessions));
    }

    /// <summary>A student whose session is under the must-change rule (initial password or reset code, proven at sign-in) sets one without the current; staff forced to change type the one they were given.</summary>
    private bool IsInitialPassword => ChangePasswordHandler.IsProvenBySession(User);

    private static DateTime? RetryAfter(string roundTrip) =>
        DateTime.TryParse(roundTrip, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at : null;

    private string? CurrentSessionKey => HttpContext.Items[DatabaseTicketStore.CurrentKeyItem] as string;

    [HttpGet("denied")]
    [AllowAnonymous]
    [AllowBeforePasswordChange]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    /// <summary>The language switch: a cookie, so the choice survives sign-in and later visits.</summary>
    [HttpPost("language")]
    [AllowAnonymous]
    [AllowBeforePasswordChange]
    public async Task<IActionResult> SetLanguage(string culture, string? returnUrl, [FromServices] RememberLanguageHandler remember, CancellationToken ct)
    {
        if (!LocalizationSetup.Cultures.Contains(culture))
        {
            culture = LocalizationSetup.DefaultCulture;
        }

        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
        await remember.HandleAsync(User, culture, ct);
        return LocalRedirect(SafeReturnUrl(returnUrl));
    }

    /// <summary>Both sign-in forms: the form again with the reason (and no password), or on to the page asked for.</summary>
    private async Task<IActionResult> SignedInAsync(SignInForm form, Func<Task<SignInResult>> signIn)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await signIn();
        if (result.Outcome == SignInOutcome.MustChangePassword)
        {
            return RedirectToAction(nameof(ChangePassword));
        }

        if (result.Outcome == SignInOutcome.TwoFactorRequired)
        {
            return Redirect("/account/two-factor/verify?returnUrl=" + Uri.EscapeDataString(SafeReturnUrl(form.ReturnUrl)));
        }

        if (result.Outcome == SignInOutcome.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
        }

        ModelState.AddModelError("", Explain(result));
        form.Password = null;
        return View(form);
    }

    private string Explain(SignInResult result) => result.Outcome switch
    {
        SignInOutcome.LockedOut => l["登录失败次数过多，账号已暂时锁定，请于 {0} 后再试", clock.Format(result.RetryAfterUtc)],
        SignInOutcome.ClientLimited => l["本设备登录尝试过于频繁，请于 {0} 后再试", clock.Format(result.RetryAfterUtc)],
        _ => result.RemainingAttempts <= 2
            ? l["账号或密码错误。再失败 {0} 次将暂时锁定。", result.RemainingAttempts]
            : l["账号或密码错误"],
    };

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
