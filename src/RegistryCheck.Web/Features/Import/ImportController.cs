using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Mvc;
using RegistryCheck.Web.Infrastructure.Spreadsheets;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// Roster and photo import for the registrar. Uploads are stored as jobs and processed by <see cref="ImportWorker"/>;
/// the job page polls <c>/import/{id}/progress</c> and shows the preview, then the report.
/// </summary>
[Authorize(Policy = Policies.Registrar)]
[Route("import")]
public sealed class ImportController(IStringLocalizer<SharedResource> l) : Controller
{
    // Above the configured caps (50 MiB roster, 500 MiB zip); the handler enforces the configured ones.
    private const long MaxRequestBytes = 600L * 1024 * 1024;

    private int UserId => int.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);

    [HttpGet("")]
    public async Task<IActionResult> Index([FromServices] ImportJobListHandler handler, CancellationToken ct)
    {
        ViewData["MainClass"] = "page-wide";
        return View(await handler.HandleAsync(ct));
    }

    [HttpGet("template")]
    public IActionResult Template() =>
        File(ImportTemplate.Build(), SpreadsheetTypes.Xlsx, ImportTemplate.FileName);

    [HttpPost("roster")]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Roster(IFormFile? file, bool createUnknown, [FromServices] UploadImportHandler handler, CancellationToken ct) =>
        Uploaded(await handler.RosterAsync(file, createUnknown, UserId, ct));

    [HttpPost("photos")]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Photos(IFormFile? file, PhotoMatch matchBy, [FromServices] UploadImportHandler handler, CancellationToken ct) =>
        Uploaded(await handler.PhotosAsync(file, matchBy, UserId, ct));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Job(int id, int page, [FromServices] ImportJobPageHandler handler, CancellationToken ct)
    {
        var model = await handler.HandleAsync(id, page, ct);
        if (model is null)
        {
            return NotFound();
        }

        ViewData["MainClass"] = "page-wide";
        return View(model);
    }

    [HttpGet("{id:int}/progress")]
    public async Task<IActionResult> Progress(int id, [FromServices] ImportJobProgressHandler handler, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        return await handler.HandleAsync(id, ct) is { } progress ? Json(progress) : NotFound();
    }

    [HttpPost("{id:int}/commit")]
    public async Task<IActionResult> Commit(int id, bool confirmUpgrade, [FromServices] CommitImportHandler handler, CancellationToken ct)
    {
        var outcome = await handler.CommitAsync(id, UserId, User.Identity?.Name, HttpContext.Connection.RemoteIpAddress?.ToString(), ct, confirmUpgrade);
        if (outcome == CommitOutcome.NotFound)
        {
            return NotFound();
        }

        if (outcome == CommitOutcome.NotReady)
        {
            TempData.Flash(l["该导入当前不能提交（可能已提交或已取消）。"].Value, isError: true);
        }

        return RedirectToAction(nameof(Job), new { id });
    }

    [HttpPost("{id:int}/cancel")]
    public async Task<IActionResult> Cancel(int id, [FromServices] CancelImportHandler handler, CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(id, ct);
        if (outcome == CancelOutcome.NotFound)
        {
            return NotFound();
        }

        TempData.Flash(outcome == CancelOutcome.Cancelled
            ? l["已取消本次导入，数据未作任何修改。"].Value
            : l["该导入当前不能取消。"].Value, isError: outcome != CancelOutcome.Cancelled);
        return RedirectToAction(nameof(Job), new { id });
    }

    private IActionResult Uploaded(UploadOutcome outcome)
    {
        if (outcome.JobId is int id)
        {
            return RedirectToAction(nameof(Job), new { id });
        }

        TempData.Flash(Text(outcome.Problem!), isError: true);
        return RedirectToAction(nameof(Index));
    }

    private string Text(UserMessage m) => m.Localize(l);
}
