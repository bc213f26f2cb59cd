using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Time;
using RegistryCheck.Web.Infrastructure.Mvc;

namespace RegistryCheck.Web.Features.Campaigns;

/// <summary>The registrar's campaigns: open one for a cohort, move its deadline for everyone or one student, close it.</summary>
[Authorize(Policy = Policies.Registrar)]
[Route("campaigns")]
public sealed class CampaignsController(IStringLocalizer<SharedResource> l, CampaignClock clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromServices] CampaignListHandler handler, CancellationToken ct) =>
        View(await handler.HandleAsync(ct));

    [HttpGet("new")]
    public IActionResult Create(int? cohort)
    {
        var local = clock.ToLocal(clock.UtcNow);
        var year = cohort ?? local.Year;
        return View(new CreateCampaignForm
        {
            Cohort = year,
            Name = l["{0}级新生学籍信息核对", year],
            OpensAt = local.Date.AddHours(local.Hour + 1),
            // The end of the local day two weeks ahead, as the notice's deadlines usually are.
            Deadline = local.Date.AddDays(15).AddMinutes(-1),
            // A week after the students' deadline: the counselors verify the last reports, then the colleges submit.
            SummaryDeadline = local.Date.AddDays(22).AddMinutes(-1),
        });
    }

    [HttpPost("new")]
    public async Task<IActionResult> Create(CreateCampaignForm form, [FromServices] CreateCampaignHandler handler, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await handler.HandleAsync(form, ct);
        if (!result.Succeeded)
        {
            foreach (var p in result.Problems)
            {
                ModelState.AddModelError(p.Field ?? "", p.Localize(l));
            }

            ViewData["MovesToConfirm"] = result.MovesToConfirm;
            return View(form);
        }

        TempData.Flash(result.Moved > 0
            ? l["核对已创建，已为 {0} 名学生建立核对记录，{1} 名学生从其他核对转入。", result.ChecksCreated, result.Moved].Value
            : l["核对已创建，已为 {0} 名学生建立核对记录。", result.ChecksCreated].Value);
        return RedirectToAction(nameof(Details), new { id = result.CampaignId });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, [FromServices] CampaignDetailsHandler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, ct) is { } view ? View(view) : NotFound();

    [HttpPost("{id:int}/deadline")]
    public async Task<IActionResult> Deadline(int id, ChangeDeadlineForm form, [FromServices] ChangeDeadlineHandler handler, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return BackWithErrors(id);
        }

        return Outcome(id, await handler.HandleAsync(id, CampaignDate.Deadline, form, ct), l["截止时间已修改。"]);
    }

    [HttpPost("{id:int}/student-deadline")]
    public async Task<IActionResult> StudentDeadline(int id, StudentDeadlineForm form, [FromServices] ExtendStudentDeadlineHandler handler, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return BackWithErrors(id);
        }

        return Outcome(id, await handler.HandleAsync(id, form, ct), l["已为该学生单独延期。"]);
    }

    [HttpPost("{id:int}/summary-deadline")]
    public async Task<IActionResult> SummaryDeadline(int id, ChangeSummaryDeadlineForm form, [FromServices] ChangeDeadlineHandler handler, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return BackWithErrors(id);
        }

        return Outcome(id, await handler.HandleAsync(id, CampaignDate.SummaryDeadline, form.AsDeadlineForm(), ct), l["学院汇总截止时间已修改。"]);
    }

    /// <summary>One student's 入学类别, corrected outside an import: the student moves to the campaign that now targets them.</summary>
    [HttpPost("{id:int}/student-intake-type")]
    public async Task<IActionResult> StudentIntakeType(int id, ChangeIntakeTypeForm form, [FromServices] ChangeIntakeTypeHandler handler, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return BackWithErrors(id);
        }

        return Outcome(id, await handler.HandleAsync(id, form, ct), l["入学类别已修改；学生已转入对应的进行中核对，已查看、确认和报告随之保留。"]);
    }

    [HttpPost("{id:int}/identity-rule")]
    public async Task<IActionResult> IdentityRule(int id, int version, bool forbid, [FromServices] ChangeIdentityRuleHandler handler, CancellationToken ct) =>
        Outcome(id, await handler.HandleAsync(id, version, forbid, ct), l["设置已保存。"]);

    [HttpPost("{id:int}/xuexin-open")]
    public async Task<IActionResult> OpenXuexin(int id, int version, [FromServices] OpenXuexinCheckHandler handler, CancellationToken ct) =>
        Outcome(id, await handler.HandleAsync(id, version, ct), l["学信网核对已开放，学生现在可以记录学信网核对结果。"]);

    [HttpPost("{id:int}/close")]
    public async Task<IActionResult> Close(int id, int version, [FromServices] CloseCampaignHandler handler, CancellationToken ct) =>
        Outcome(id, await handler.HandleAsync(id, version, ct), l["核对已关闭。学生将不再看到这次核对，记录仍可查询。"]);

    private IActionResult Outcome(int id, CampaignCommandResult result, string done)
    {
        switch (result.Outcome)
        {
            case CampaignOutcome.NotFound:
                return NotFound();
            case CampaignOutcome.Done:
                TempData.Flash(done);
                break;
            default:
                TempData.Flash(result.Outcome switch
                {
                    CampaignOutcome.Closed => l["这次核对已关闭，不能再修改。"].Value,
                    CampaignOutcome.ChangedMeanwhile => l["这次核对刚刚被他人修改过，请查看最新信息后再操作。"].Value,
                    _ => result.Problem?.Localize(l) ?? l["输入的值无效"].Value,
                }, isError: true);
                break;
        }

        return RedirectToAction(nameof(Details), new { id });
    }

    private RedirectToActionResult BackWithErrors(int id)
    {
        TempData.Flash(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct()), isError: true);
        return RedirectToAction(nameof(Details), new { id });
    }
}
