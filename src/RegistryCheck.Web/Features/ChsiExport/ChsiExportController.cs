using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>Handing back to 学信网: the corrected records in CHSI's structure (.xlsx, .dbf) and the evidence packet for provincial approval.</summary>
[Route("chsi-export")]
public sealed class ChsiExportController(StaffScopes scopes) : Controller
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

    // ---- Evidence packet: the registrar for a campaign or a submitted batch, a college administrator for the own college's batch ----

    [HttpGet("evidence")]
    [Authorize(Policy = Policies.Registrar)]
    public async Task<IActionResult> CampaignPacket(int? campaignId, [FromServices] EvidencePacketHandler handler, CancellationToken ct) =>
        await PacketAsync(await handler.CampaignAsync(campaignId, ct), handler, ct);

    [HttpGet("batches/{id:int}/evidence")]
    [Authorize(Policy = Policies.Tracking)]
    public async Task<IActionResult> BatchPacket(int id, [FromServices] EvidencePacketHandler handler, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Registrar) && !User.IsInRole(Roles.CollegeAdmin))
        {
            return Forbid();
        }

        return await PacketAsync(await handler.BatchAsync(await scopes.ForAsync(User, ct), id, ct), handler, ct);
    }

    [HttpGet("reports/{id:int}/form")]
    [Authorize(Policy = Policies.Tracking)]
    public async Task<IActionResult> Form(int id, [FromServices] ApplicationFormHandler handler, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Registrar) && !User.IsInRole(Roles.CollegeAdmin))
        {
            return Forbid();
        }

        var form = await handler.HandleAsync(await scopes.ForAsync(User, ct), id, ct);
        if (form is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store, private";
        return View("ApplicationForm", form);
    }

    /// <summary>Streams the zip: headers first, then entry by entry (the handler holds one file at a time).</summary>
    private async Task<IActionResult> PacketAsync(PacketOutcome outcome, EvidencePacketHandler handler, CancellationToken ct)
    {
        switch (outcome.State)
        {
            case PacketState.NotFound:
                return NotFound();
            case PacketState.FontMissing:
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return View("FontMissing", outcome.FontPath);
        }

        var plan = outcome.Plan!;
        Response.Headers.CacheControl = "no-store, private";
        Response.ContentType = "application/zip";
        Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = plan.FileName,
            FileName = "evidence-packet.zip",
        }.ToString();
        await handler.WriteAsync(plan, Response.Body, ct);
        return new EmptyResult();
    }

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
