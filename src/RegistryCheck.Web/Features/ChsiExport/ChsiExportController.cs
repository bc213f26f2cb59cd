using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>Handing back to 学信网: the corrected records in CHSI's structure (.xlsx, .dbf).</summary>
[Route("chsi-export")]
public sealed class ChsiExportController : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.Registrar)]
    public async Task<IActionResult> Index(int? campaignId, int? collegeId, [FromServices] ExportCorrectedRecordsHandler handler, CancellationToken ct) =>
        View(await handler.PageAsync(campaignId, collegeId, ct));

    [HttpGet("records.xlsx")]
    [Authorize(Policy = Policies.Registrar)]
    public async Task<IActionResult> RecordsXlsx(int? campaignId, int? collegeId, [FromServices] ExportCorrectedRecordsHandler handler, CancellationToken ct) =>
        Download(await handler.XlsxAsync(campaignId, collegeId, ct));

    [HttpGet("records.dbf")]
    [Authorize(Policy = Policies.Registrar)]
    public async Task<IActionResult> RecordsDbf(int? campaignId, int? collegeId, [FromServices] ExportCorrectedRecordsHandler handler, CancellationToken ct) =>
        Download(await handler.DbfAsync(campaignId, collegeId, ct));

    private IActionResult Download(ChsiFile? file)
    {
        if (file is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store, private";
        return File(file.Content, file.ContentType, file.FileName);
    }
}
