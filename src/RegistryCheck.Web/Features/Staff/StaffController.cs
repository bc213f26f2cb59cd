using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Mvc;

namespace RegistryCheck.Web.Features.Staff;

/// <summary>The administrator's staff accounts: create, roles and scopes, disable/enable, password reset.</summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/staff")]
public sealed class StaffController(IStringLocalizer<SharedResource> l, StaffAssignments assignments) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int page, string? q, [FromServices] StaffListHandler handler, CancellationToken ct) =>
        View(await handler.HandleAsync(page, q, ct));

    [HttpGet("new")]
    public async Task<IActionResult> Create(CancellationToken ct)
    {
        ViewData["Options"] = await assignments.OptionsAsync(ct);
        return View(new CreateStaffForm());
    }

    [HttpPost("new")]
    public async Task<IActionResult> Create(CreateStaffForm form, [FromServices] CreateStaffHandler handler, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(form, ct);
            if (result.Problems.Count == 0)
            {
                if (result.Created is { } shown)
                {
                    return ShowPassword(shown);
                }

                TempData.Flash(l["账号已创建。"].Value);
                return RedirectToAction(nameof(Index));
            }

            AddProblems(result.Problems);
        }

        form.Password = null;
        ViewData["Options"] = await assignments.OptionsAsync(ct);
        return View(form);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, [FromServices] EditStaffHandler handler, CancellationToken ct)
    {
        if (await handler.GetAsync(id, User.GetUserId(), ct) is not { } found)
        {
            return NotFound();
        }

        ViewData["Account"] = found.Account;
        ViewData["Options"] = await assignments.OptionsAsync(ct);
        return View(found.Form);
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, StaffRolesForm form, [FromServices] EditStaffHandler handler, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(id, User.GetUserId(), form, ct);
            if (!result.Found)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                TempData.Flash(l["已保存。"].Value);
                return RedirectToAction(nameof(Edit), new { id });
            }

            AddProblems(result.Problems);
        }

        if (await handler.GetAsync(id, User.GetUserId(), ct) is not { } found)
        {
            return NotFound();
        }

        ViewData["Account"] = found.Account;
        ViewData["Options"] = await assignments.OptionsAsync(ct);
        return View(form);
    }

    [HttpPost("{id:int}/disable")]
    public async Task<IActionResult> Disable(int id, [FromServices] SetStaffDisabledHandler handler, CancellationToken ct) =>
        AccountOutcome(id, await handler.HandleAsync(id, User.GetUserId(), true, ct), l["账号已停用，该用户已无法登录。"]);

    [HttpPost("{id:int}/enable")]
    public async Task<IActionResult> Enable(int id, [FromServices] SetStaffDisabledHandler handler, CancellationToken ct) =>
        AccountOutcome(id, await handler.HandleAsync(id, User.GetUserId(), false, ct), l["账号已启用。"]);

    [HttpPost("{id:int}/reset-password")]
    public async Task<IActionResult> ResetPassword(int id, [FromServices] ResetStaffPasswordHandler handler, CancellationToken ct)
    {
        var (outcome, shown) = await handler.HandleAsync(id, User.GetUserId(), ct);
        return shown is not null ? ShowPassword(shown) : AccountOutcome(id, outcome, "");
    }

    [HttpPost("{id:int}/reset-two-factor")]
    public async Task<IActionResult> ResetTwoFactor(int id, [FromServices] ResetTwoFactorHandler handler, CancellationToken ct)
    {
        if (!await handler.HandleAsync(id, User.GetUserId(), ct))
        {
            return NotFound();
        }

        TempData["Flash"] = l["已重置该账号的两步验证。"].Value;
        return RedirectToAction(nameof(Edit), new { id });
    }

    [HttpPost("{id:int}/end-sessions")]
    public async Task<IActionResult> EndSessions(int id, [FromServices] EndStaffSessionsHandler handler, CancellationToken ct)
    {
        if (await handler.HandleAsync(id, User.GetUserId(), ct) is not { } ended)
        {
            return NotFound();
        }

        TempData["Flash"] = l["已结束该账号的 {0} 个会话。", ended].Value;
        return RedirectToAction(nameof(Edit), new { id });
    }

    /// <summary>The password is in this one response only: no redirect through TempData (a cookie), no caching.</summary>
    private ViewResult ShowPassword(StaffPasswordView shown)
    {
        Response.Headers.CacheControl = "no-store, private";
        Response.Headers.Pragma = "no-cache";
        return View("Password", shown);
    }

    private IActionResult AccountOutcome(int id, StaffActionOutcome outcome, string done)
    {
        if (outcome == StaffActionOutcome.NotFound)
        {
            return NotFound();
        }

        if (outcome == StaffActionOutcome.Done)
        {
            TempData.Flash(done);
        }
        else
        {
            TempData.Flash(outcome switch
            {
                StaffActionOutcome.Self => l["不能停用自己的账号"].Value,
                StaffActionOutcome.LastAdministrator => l["系统至少需要保留一名启用的系统管理员"].Value,
                _ => l["操作失败，请稍后再试"].Value,
            }, isError: true);
        }

        return RedirectToAction(nameof(Edit), new { id });
    }

    private void AddProblems(IEnumerable<UserMessage> problems)
    {
        foreach (var p in problems)
        {
            ModelState.AddModelError(p.Field ?? "", p.Localize(l));
        }
    }
}
