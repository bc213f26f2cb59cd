using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Mvc;

namespace RegistryCheck.Web.Features.Students;

/// <summary>The student's own pages. Every query is keyed by the signed-in student's id from the cookie.</summary>
[Authorize(Policy = Policies.Student)]
[Route("me")]
public sealed class StudentsController(IStringLocalizer<SharedResource> l) : Controller
{
    private int StudentId => User.GetStudentId() ?? throw new InvalidOperationException("Not a student.");

    [HttpGet("")]
    public async Task<IActionResult> Index([FromServices] MyRecordHandler handler, CancellationToken ct)
    {
        var model = await handler.HandleAsync(StudentId, ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("confirm")]
    public async Task<IActionResult> Confirm([FromServices] ConfirmRecordHandler handler, CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(StudentId, ct);
        Flash(outcome switch
        {
            ConfirmOutcome.Confirmed => l["已确认信息无误。谢谢！"],
            ConfirmOutcome.HasOpenReports => l["您还有未处理完的错误报告，处理完成前不能确认信息无误。"],
            ConfirmOutcome.Closed => l["核对已截止，不能再确认。如有问题请联系辅导员。"],
            _ => l["当前没有进行中的学籍核对"],
        }, outcome != ConfirmOutcome.Confirmed);
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The 学信网 check's result, recorded on the signed-in student's own check.</summary>
    [HttpPost("xuexin")]
    public async Task<IActionResult> Xuexin(XuexinForm form, [FromServices] RecordXuexinHandler handler, CancellationToken ct)
    {
        var result = await handler.HandleAsync(StudentId, form, ct);
        Flash(result.Outcome switch
        {
            XuexinOutcome.Recorded => l["学信网核对结果已保存。"],
            XuexinOutcome.RecordedLate => l["学信网核对已截止：结果已保存并标记为逾期，请联系辅导员。"],
            XuexinOutcome.NotOpen => l["学信网核对尚未开放：学信网上传数据后学校会开放，请届时再来。"],
            XuexinOutcome.Closed => l["核对已关闭，不能再记录学信网核对结果。如有问题请联系辅导员。"],
            XuexinOutcome.ChangedMeanwhile => l["您的核对记录刚刚有变化，请重新提交"],
            XuexinOutcome.Invalid => l[result.Problem!],
            _ => l["当前没有进行中的学籍核对"],
        }, result.Outcome is not (XuexinOutcome.Recorded or XuexinOutcome.RecordedLate));
        return RedirectToAction(nameof(Index), null, "xuexin");
    }

    /// <summary>联系电话 / 电子邮箱: always allowed, also after the deadline; the student is the signed-in one, never a posted id.</summary>
    [HttpPost("contact")]
    public async Task<IActionResult> Contact(ContactForm form, [FromServices] ChangeContactHandler handler, CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(StudentId, form, ct);
        if (outcome.ChangedMeanwhile)
        {
            Flash(l["您的信息刚刚被更新过，请查看后重新提交。"], true);
        }
        else if (!outcome.Succeeded)
        {
            Flash(string.Join(" ", outcome.Problems.Select(p => p.Localize(l))), true);
        }
        else
        {
            Flash(outcome.Changed ? l["联系方式已保存。"] : l["联系方式没有变化。"], false);
        }

        return RedirectToAction(nameof(Index), null, "contact");
    }

    [HttpGet("report")]
    public async Task<IActionResult> Report(RecordField field, [FromServices] SubmitReportHandler handler, CancellationToken ct, SeenOn seenOn = SeenOn.Portal)
    {
        var view = await handler.GetFormAsync(StudentId, field, ct);
        if (view is null)
        {
            return NotFound();
        }

        ViewData["Form"] = view;
        return View(new ReportForm { Field = field, SeenOn = Enum.IsDefined(seenOn) ? seenOn : SeenOn.Portal });
    }

    [HttpPost("report")]
    [RequestSizeLimit(20 * 1024 * 1024)]
    public async Task<IActionResult> Report(ReportForm form, [FromServices] SubmitReportHandler handler, CancellationToken ct)
    {
        var view = await handler.GetFormAsync(StudentId, form.Field, ct);
        if (view is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(StudentId, form, ct);
            if (result.Succeeded)
            {
                Flash(result.IsLate ? l["核对已截止：报告已保存并标记为逾期提交，请联系辅导员。"] : l["报告已提交，请等待辅导员核实。"], result.IsLate);
                return RedirectToAction(nameof(Index), null, "reports");
            }

            foreach (var p in result.Problems)
            {
                ModelState.AddModelError(p.Field ?? "", p.Localize(l));
            }

            ViewData["Hints"] = result.Hints;
        }

        ViewData["Form"] = view;
        return View(form);
    }

    [HttpPost("reports/{id:int}/withdraw")]
    public async Task<IActionResult> Withdraw(int id, [FromServices] WithdrawReportHandler handler, CancellationToken ct) =>
        ReportOutcome(await handler.HandleAsync(StudentId, id, ct), l["报告已撤回。"]);

    [HttpPost("reports/{id:int}/answer")]
    public async Task<IActionResult> Answer(int id, string? answer, [FromServices] AnswerReportHandler handler, CancellationToken ct) =>
        ReportOutcome(await handler.HandleAsync(StudentId, id, answer, ct), l["说明已提交，请等待辅导员核实。"]);

    [HttpGet("photo")]
    public async Task<IActionResult> Photo([FromServices] StudentFilesHandler handler, CancellationToken ct) =>
        await handler.PhotoAsync(StudentId, ct) is { } file ? PrivateFile.Serve(this, file) : NotFound();

    [HttpGet("evidence/{id:int}")]
    public async Task<IActionResult> Evidence(int id, [FromServices] StudentFilesHandler handler, CancellationToken ct) =>
        await handler.EvidenceAsync(StudentId, id, ct) is { } file ? PrivateFile.Serve(this, file) : NotFound();

    private IActionResult ReportOutcome(StudentReportOutcome outcome, string done)
    {
        if (outcome == StudentReportOutcome.NotFound)
        {
            return NotFound();
        }

        Flash(outcome switch
        {
            StudentReportOutcome.Done => done,
            StudentReportOutcome.Closed => l["核对已截止，不能再修改报告。"],
            StudentReportOutcome.ChangedMeanwhile => l["该报告刚刚被他人处理过，请查看最新状态。"],
            _ => l["该报告当前的状态不允许此操作。"],
        }, outcome != StudentReportOutcome.Done);
        return RedirectToAction(nameof(Index), null, "reports");
    }

    private void Flash(string message, bool isError)
    {
        TempData.Flash(message, isError);
    }
}
