using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Scopes;
using RegistryCheck.Web.Infrastructure.Mvc;
using RegistryCheck.Web.Infrastructure.Spreadsheets;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>College batches: gathered and submitted by the college administrator, resolved and exported by the registrar.</summary>
[Route("batches")]
public sealed class BatchesController(StaffScopes scopes, IStringLocalizer<SharedResource> l) : Controller
{
    // ---- College administrator ----

    [HttpGet("college")]
    [Authorize(Policy = Policies.CollegeAdmin)]
    public async Task<IActionResult> College([FromServices] CollegeBatchListHandler handler, CancellationToken ct) =>
        View(await handler.HandleAsync(await scopes.ForAsync(User, ct), ct));

    [HttpPost("college/add")]
    [Authorize(Policy = Policies.CollegeAdmin)]
    public async Task<IActionResult> Add([FromForm] List<int> reportIds, [FromServices] AddToBatchHandler handler, CancellationToken ct)
    {
        var (outcome, added) = await handler.HandleAsync(User, reportIds, ct);
        return Back(outcome, l["已将 {0} 条报告加入本批。", added], nameof(College), l["请选择已核实、尚未加入批次的报告。"]);
    }

    [HttpPost("college/remove/{reportId:int}")]
    [Authorize(Policy = Policies.CollegeAdmin)]
    public async Task<IActionResult> Remove(int reportId, int version, [FromServices] RemoveFromBatchHandler handler, CancellationToken ct) =>
        Back(await handler.HandleAsync(User, reportId, version, ct), l["已移出本批。"], nameof(College));

    [HttpPost("{id:int}/submit")]
    [Authorize(Policy = Policies.CollegeAdmin)]
    public async Task<IActionResult> Submit(int id, int version, [FromServices] SubmitBatchHandler handler, CancellationToken ct)
    {
        var (outcome, count) = await handler.HandleAsync(User, id, version, ct);
        return Back(outcome, l["已报送学籍管理科：{0} 条报告。", count], nameof(College), l["本批没有可报送的报告。"]);
    }

    [HttpPost("{id:int}/recall")]
    [Authorize(Policy = Policies.CollegeAdmin)]
    public async Task<IActionResult> Recall(int id, int version, [FromServices] RecallBatchHandler handler, CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(User, id, version, ct);
        return Back(outcome, l["已撤回该批，报告回到“辅导员已核实”。"], nameof(College),
            notAllowed: l["学籍管理科已开始处理该批，不能再撤回。"]);
    }

    [HttpPost("college/zero-return")]
    [Authorize(Policy = Policies.CollegeAdmin)]
    public async Task<IActionResult> ZeroReturn(int campaignId, int collegeId, [FromServices] SubmitZeroReturnHandler handler, CancellationToken ct)
    {
        var (outcome, waiting) = await handler.HandleAsync(User, campaignId, collegeId, ct);
        if (outcome == ZeroReturnOutcome.NotFound)
        {
            return NotFound();
        }

        TempData.Flash(outcome switch
        {
            ZeroReturnOutcome.Done => l["已报送零报告：学籍管理科将看到本学院已核对、无需更正。"].Value,
            ZeroReturnOutcome.ReportsWaiting => l["还有 {0} 条已核实的报告未报送，请先将它们加入批次报送，不能报零报告。", waiting].Value,
            ZeroReturnOutcome.AlreadySubmitted => l["本学院已报送过这次核对的批次或零报告，不能再报零报告。"].Value,
            _ => l["这次核对已关闭，不能再修改。"].Value,
        }, isError: outcome != ZeroReturnOutcome.Done);
        return RedirectToAction(nameof(College));
    }

    // ---- Registrar ----

    [HttpGet("")]
    [Authorize(Policy = Policies.Registrar)]
    public async Task<IActionResult> Index(int? campaignId, [FromServices] RegistrarBatchListHandler handler, CancellationToken ct) =>
        View(await handler.HandleAsync(campaignId, ct));

    [HttpGet("{id:int}")]
    [Authorize(Policy = Policies.Tracking)]
    public async Task<IActionResult> Show(int id, [FromServices] BatchDetailHandler handler, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Registrar) && !User.IsInRole(Roles.CollegeAdmin))
        {
            return Forbid();
        }

        var model = await handler.HandleAsync(await scopes.ForAsync(User, ct), id, ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/open")]
    [Authorize(Policy = Policies.Registrar)]
    public async Task<IActionResult> Open(int id, int version, [FromServices] OpenBatchHandler handler, CancellationToken ct) =>
        Back(await handler.HandleAsync(id, version, ct), l["已开始处理该批，学院不能再撤回。"], nameof(Show), routeValues: new { id });

    [HttpPost("reports/{reportId:int}/correct")]
    [Authorize(Policy = Policies.Registrar)]
    public Task<IActionResult> Correct(int reportId, int batchId, int version, string? note, [FromServices] ResolveBatchReportHandler handler, CancellationToken ct) =>
        ResolveAsync(reportId, batchId, version, true, note, handler, ct);

    [HttpPost("reports/{reportId:int}/reject")]
    [Authorize(Policy = Policies.Registrar)]
    public Task<IActionResult> Reject(int reportId, int batchId, int version, string? reason, [FromServices] ResolveBatchReportHandler handler, CancellationToken ct) =>
        ResolveAsync(reportId, batchId, version, false, reason, handler, ct);

    // ---- Exports ----

    [HttpGet("{id:int}/export")]
    [Authorize(Policy = Policies.Tracking)]
    public async Task<IActionResult> Export(int id, [FromServices] ExportBatchHandler handler, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Registrar) && !User.IsInRole(Roles.CollegeAdmin))
        {
            return Forbid();
        }

        return File(await handler.HandleAsync(await scopes.ForAsync(User, ct), id, ct));
    }

    [HttpGet("export/all")]
    [Authorize(Policy = Policies.Registrar)]
    public async Task<IActionResult> ExportAll(int? campaignId, [FromServices] ExportAllCollegesHandler handler, CancellationToken ct) =>
        File(await handler.HandleAsync(campaignId, ct));

    [HttpGet("export/report")]
    [Authorize(Policy = Policies.Registrar)]
    public async Task<IActionResult> ExportReport(int? campaignId, [FromServices] ExportCampaignReportHandler handler, CancellationToken ct) =>
        File(await handler.HandleAsync(campaignId, ct));

    private IActionResult File(ExportFile? file)
    {
        if (file is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store, private";
        return File(file.Content, SpreadsheetTypes.Xlsx, file.FileName);
    }

    private async Task<IActionResult> ResolveAsync(int reportId, int batchId, int version, bool correct, string? text,
        ResolveBatchReportHandler handler, CancellationToken ct)
    {
        var (outcome, problem) = await handler.ResolveAsync(User, reportId, version, correct, text, ct);
        var done = correct ? l["已更正，学生可看到更新后的信息。"] : l["已标记为未予更正，学生可看到原因。"];
        var invalid = problem?.Localize(l);
        return Back(outcome, done, nameof(Show), invalid, routeValues: new { id = batchId });
    }

    private IActionResult Back(StaffOutcome outcome, string done, string action, string? invalid = null, string? notAllowed = null, object? routeValues = null)
    {
        if (outcome == StaffOutcome.NotFound)
        {
            return NotFound();
        }

        TempData.Flash(outcome == StaffOutcome.NotAllowedInStatus && notAllowed is not null ? notAllowed : OutcomeMessages.Of(outcome, l, done, invalid), isError: outcome != StaffOutcome.Done);
        return RedirectToAction(action, routeValues);
    }
}
