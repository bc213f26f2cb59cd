using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Mvc;
using RegistryCheck.Web.Infrastructure.Spreadsheets;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>
/// Who has not checked, and chasing them: counselors see their classes, college administrators their college, the
/// registrar the whole cohort. Every class, college and student in a URL is looked up inside the caller's scope;
/// outside it the answer is an audited 404.
/// </summary>
[Authorize(Policy = Policies.Tracking)]
[Route("tracking")]
public sealed class TrackingController(
    TrackingAccessHandler access, TrackingCampaignsHandler campaigns, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? campaign, string? intake, [FromServices] OverviewHandler handler, CancellationToken ct)
    {
        ViewData["MainClass"] = "page-wide";
        var choice = await campaigns.ChooseAsync(campaign, ct);
        if (choice is null)
        {
            return View("NoCampaign");
        }

        return View(await handler.HandleAsync(User, choice, intake, ct));
    }

    // A class and a college page are one action each with two routes (the URLs stay /tracking/classes/… and
    // /tracking/colleges/…); FindUnit reads from the route that matched which of the two the id names.
    [HttpGet("classes/{id:int}")]
    [HttpGet("colleges/{id:int}")]
    public Task<IActionResult> Unit(int id, [FromQuery] ListQuery query, [FromServices] UnitPageHandler handler, CancellationToken ct) =>
        UnitAsync(FindUnit(id, ct), query, handler, ct);

    [HttpGet("classes/{id:int}/export")]
    [HttpGet("colleges/{id:int}/export")]
    public Task<IActionResult> Export(int id, [FromQuery] ListQuery query, [FromServices] ExportListHandler handler, CancellationToken ct) =>
        ExportAsync(FindUnit(id, ct), query, handler, ct);

    [HttpPost("classes/{id:int}/nudge")]
    [HttpPost("colleges/{id:int}/nudge")]
    public Task<IActionResult> Nudge(int id, [FromQuery] ListQuery query, NudgeForm form, [FromServices] NudgeListHandler handler, CancellationToken ct) =>
        NudgeListAsync(FindUnit(id, ct), query, form, handler, ct);

    [HttpGet("classes/{id:int}/message")]
    [HttpGet("colleges/{id:int}/message")]
    public Task<IActionResult> Message(int id, [FromQuery] ListQuery query, [FromQuery] int[] s, [FromServices] SendNudgeHandler handler, CancellationToken ct) =>
        PlanAsync(FindUnit(id, ct), query, s, handler, ct);

    [HttpPost("classes/{id:int}/message")]
    [HttpPost("colleges/{id:int}/message")]
    public Task<IActionResult> Send(int id, [FromQuery] ListQuery query, SendNudgeForm form, [FromServices] SendNudgeHandler handler, CancellationToken ct) =>
        SendAsync(FindUnit(id, ct), query, form, handler, ct);

    [HttpGet("deliveries/{key}")]
    public async Task<IActionResult> Deliveries(string key, [FromServices] DeliveriesHandler handler, CancellationToken ct)
    {
        ViewData["MainClass"] = "page-wide";
        if (!Guid.TryParse(key, out var guid))
        {
            return NotFound();
        }

        var model = await handler.HandleAsync(User, guid.ToString("D"), ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("students/{id:int}")]
    public async Task<IActionResult> Student(int id, int? campaign, [FromServices] StudentDetailHandler handler, CancellationToken ct)
    {
        ViewData["MainClass"] = "page-wide";
        if (await StudentInCampaignAsync(id, campaign, ct) is not var (student, choice))
        {
            return NotFound();
        }

        var model = await handler.HandleAsync(User, student, choice, ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("students/{id:int}/photo")]
    public async Task<IActionResult> Photo(int id, [FromServices] StudentFilesHandler files, CancellationToken ct)
    {
        var student = await access.StudentAsync(User, id, ct);
        return student is not null && await files.PhotoAsync(student.Id, ct) is { } file ? PrivateFile.Serve(this, file) : NotFound();
    }

    [HttpPost("students/{id:int}/nudge")]
    public Task<IActionResult> NudgeStudent(int id, int? campaign, NudgeForm form, [FromServices] NudgeStudentHandler handler, CancellationToken ct) =>
        OnStudentPageAsync(id, campaign, ModelState.IsValid && TrackingLabels.ManualChannels.Contains(form.Channel), l["请选择催查方式，备注不超过500字。"], async (student, choice) =>
        {
            var done = await handler.HandleAsync(User, student, choice.Selected, form, ct);
            return (done ? l["已记录催查。"] : l["该学生不在本次核对中。"], !done);
        }, ct);

    [HttpPost("students/{id:int}/reset-password")]
    public async Task<IActionResult> ResetPassword(int id, int? campaign, [FromServices] ResetPasswordHandler handler, CancellationToken ct)
    {
        var student = await access.StudentAsync(User, id, ct);
        if (student is null)
        {
            return NotFound();
        }

        var shown = await handler.HandleAsync(User, student, campaign, ct);
        if (shown is null)
        {
            Flash(l["该学生还没有账号。"], true);
            return RedirectToAction(nameof(Student), new { id, campaign });
        }

        // Shown in this response only: never cached, never put in TempData's cookie.
        Response.Headers.CacheControl = "no-store, private";
        Response.Headers.Pragma = "no-cache";
        return View("ResetCode", shown);
    }

    [HttpPost("students/{id:int}/exempt")]
    public Task<IActionResult> Exempt(int id, int? campaign, ExemptForm form, [FromServices] ExemptHandler handler, CancellationToken ct) =>
        OnStudentPageAsync(id, campaign, ModelState.IsValid && Enum.IsDefined(form.Kind), l["请选择免核对原因，说明不超过200字。"], async (student, choice) =>
        {
            var outcome = await handler.HandleAsync(student, choice.Selected, form, ct);
            return (outcome switch
            {
                ExemptOutcome.Done => l["已标记为免核对，该学生不再计入统计。"],
                ExemptOutcome.ReasonNeeded => l["选择“其他”时请填写说明。"],
                _ => l["该学生不在本次核对中。"],
            }, outcome != ExemptOutcome.Done);
        }, ct);

    [HttpPost("students/{id:int}/unexempt")]
    public Task<IActionResult> Unexempt(int id, int? campaign, [FromServices] UnexemptHandler handler, CancellationToken ct) =>
        OnStudentPageAsync(id, campaign, formIsValid: true, invalid: "", async (student, choice) =>
        {
            var outcome = await handler.HandleAsync(student, choice.Selected, ct);
            return (outcome == ExemptOutcome.Done ? l["已取消免核对，该学生重新计入统计。"] : l["该学生不在本次核对中。"], outcome != ExemptOutcome.Done);
        }, ct);

    /// <summary>
    /// A form on a student's page: the student (in scope) and the campaign, else 404; an invalid form says so,
    /// otherwise the action runs; either way a flash message and back to the student's page.
    /// </summary>
    private async Task<IActionResult> OnStudentPageAsync(int id, int? campaign, bool formIsValid, string invalid,
        Func<StudentRef, CampaignChoice, Task<(string Message, bool IsError)>> act, CancellationToken ct)
    {
        if (await StudentInCampaignAsync(id, campaign, ct) is not var (student, choice))
        {
            return NotFound();
        }

        var (message, isError) = formIsValid ? await act(student, choice) : (invalid, true);
        Flash(message, isError);
        return RedirectToAction(nameof(Student), new { id, campaign = choice.Selected.Id });
    }

    private async Task<IActionResult> UnitAsync(Task<UnitRef?> find, ListQuery query, UnitPageHandler handler, CancellationToken ct)
    {
        ViewData["MainClass"] = "page-wide";
        if (await UnitInCampaignAsync(find, query.Campaign, ct) is not var (unit, choice))
        {
            return NotFound();
        }

        return View("Unit", await handler.HandleAsync(User, unit, choice, query, ct));
    }

    private async Task<IActionResult> ExportAsync(Task<UnitRef?> find, ListQuery query, ExportListHandler handler, CancellationToken ct)
    {
        if (await UnitInCampaignAsync(find, query.Campaign, ct) is not var (unit, choice))
        {
            return NotFound();
        }

        var file = await handler.HandleAsync(User, unit, choice, query, ct);
        Response.Headers.CacheControl = "no-store, private";
        return File(file.Content, SpreadsheetTypes.Xlsx, file.FileName);
    }

    private async Task<IActionResult> NudgeListAsync(Task<UnitRef?> find, ListQuery query, NudgeForm form, NudgeListHandler handler, CancellationToken ct)
    {
        if (await UnitInCampaignAsync(find, query.Campaign, ct) is not var (unit, choice))
        {
            return NotFound();
        }

        if (!ModelState.IsValid || !TrackingLabels.ManualChannels.Contains(form.Channel))
        {
            Flash(l["请选择催查方式，备注不超过500字。"], true);
        }
        else
        {
            var count = await handler.HandleAsync(User, unit, choice.Selected, query, form, ct);
            Flash(l["已为 {0} 名学生记录催查。", count], false);
        }

        var route = query.Normalized().Route();
        return Redirect(UnitPath(unit, "") + QueryString.Create(route.Where(kv => kv.Value is not null)));
    }

    private async Task<IActionResult> PlanAsync(Task<UnitRef?> find, ListQuery query, int[] selected, SendNudgeHandler handler, CancellationToken ct)
    {
        ViewData["MainClass"] = "page-wide";
        if (await UnitInCampaignAsync(find, query.Campaign, ct) is not var (unit, choice))
        {
            return NotFound();
        }

        return View("Message", await handler.PlanAsync(User, unit, choice.Selected, query, selected, ct));
    }

    private async Task<IActionResult> SendAsync(Task<UnitRef?> find, ListQuery query, SendNudgeForm form, SendNudgeHandler handler, CancellationToken ct)
    {
        if (await UnitInCampaignAsync(find, query.Campaign, ct) is not var (unit, choice))
        {
            return NotFound();
        }

        var result = ModelState.IsValid && form.IsValidChoice
            ? await handler.SendAsync(User, unit, choice.Selected, query, form, ct)
            : new SendNudgeResult(SendNudgeOutcome.ChannelOff);
        if (result.Outcome is SendNudgeOutcome.Sent or SendNudgeOutcome.AlreadySent)
        {
            Flash(SentMessage(result, form.IsAutomatic), false);
            return RedirectToAction(nameof(Deliveries), new { key = result.DispatchKey });
        }

        Flash(result.Outcome switch
        {
            SendNudgeOutcome.NobodyReachable => l["所选学生在该渠道都没有联系方式，未发送。"],
            SendNudgeOutcome.ConfirmCost => l["短信会产生费用，请勾选确认后再发送。"],
            SendNudgeOutcome.OverSmsCap => l["超过本次核对的短信上限（或未设置上限），未发送。"],
            _ => l["该渠道未配置，未发送。"],
        }, true);
        var route = query.Normalized().Route();
        var back = QueryString.Create(route.Where(kv => kv.Value is not null)).Add(QueryString.Create(form.S.Select(i => new KeyValuePair<string, string?>("s", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        return Redirect(UnitPath(unit, "/message") + back);
    }

    private string SentMessage(SendNudgeResult result, bool automatic)
    {
        if (result.Outcome == SendNudgeOutcome.AlreadySent)
        {
            return l["这次发送已经提交过，未重复发送。"];
        }

        if (automatic)
        {
            return l["已为 {0} 名学生排队发送提醒：电子邮件 {1} 名，企业微信 {2} 名，短信 {3} 名；{4} 名学生没有可用的联系方式，未发送。",
                result.Queued, result.ByEmail, result.ByWeCom, result.BySms, result.Unreachable];
        }

        return result.Unreachable == 0
            ? l["已为 {0} 名学生排队发送提醒。", result.Queued]
            : l["已为 {0} 名学生排队发送提醒；{1} 名学生在该渠道没有联系方式，未发送。", result.Queued, result.Unreachable];
    }

    /// <summary>The class or college the id names, looked up inside the caller's scope: the route that matched
    /// (tracking/classes/… or tracking/colleges/…) says which.</summary>
    private Task<UnitRef?> FindUnit(int id, CancellationToken ct) =>
        ControllerContext.ActionDescriptor.AttributeRouteInfo?.Template?.StartsWith("tracking/classes/", StringComparison.Ordinal) == true
            ? access.ClassAsync(User, id, ct)
            : access.CollegeAsync(User, id, ct);

    /// <summary>The unit's page (or one of its sub-pages), the same URL the views link to.</summary>
    private string UnitPath(UnitRef unit, string subPage) =>
        Url.Content(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"~/tracking/{(unit.Kind == TrackingUnit.Class ? "classes" : "colleges")}/{unit.Id}{subPage}"));

    /// <summary>The student, looked up inside the caller's scope (outside it: audited, null), and the chosen campaign.</summary>
    private async Task<(StudentRef Student, CampaignChoice Choice)?> StudentInCampaignAsync(int id, int? campaign, CancellationToken ct)
    {
        var student = await access.StudentAsync(User, id, ct);
        var choice = await campaigns.ChooseAsync(campaign, ct);
        return student is null || choice is null ? null : (student, choice);
    }

    /// <summary>The class or college, looked up inside the caller's scope, and the chosen campaign.</summary>
    private async Task<(UnitRef Unit, CampaignChoice Choice)?> UnitInCampaignAsync(Task<UnitRef?> find, int? campaign, CancellationToken ct)
    {
        var unit = await find;
        var choice = await campaigns.ChooseAsync(campaign, ct);
        return unit is null || choice is null ? null : (unit, choice);
    }

    private void Flash(string message, bool isError)
    {
        TempData.Flash(message, isError);
    }
}
