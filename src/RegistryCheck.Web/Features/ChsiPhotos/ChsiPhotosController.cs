using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.ChsiPhotos;

/// <summary>"Photos for CHSI": the registrar's zip of replaced photos, converted to CHSI's specification.</summary>
[Route("chsi-photos")]
[Authorize(Policy = Policies.Registrar)]
public sealed class ChsiPhotosController(StaffScopes scopes, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("campaigns/{campaignId:int}")]
    public async Task<IActionResult> Index(int campaignId, int? collegeId, ChsiPhotoNaming by, [FromServices] ChsiPhotoPlanHandler handler, CancellationToken ct)
    {
        var plan = await PlanAsync(campaignId, collegeId, by, handler, ct);
        return plan is null ? NotFound() : View(plan);
    }

    [HttpGet("campaigns/{campaignId:int}/zip")]
    public async Task<IActionResult> Zip(int campaignId, int? collegeId, ChsiPhotoNaming by,
        [FromServices] ChsiPhotoPlanHandler handler, [FromServices] ExportChsiPhotosHandler export, CancellationToken ct)
    {
        var plan = await PlanAsync(campaignId, collegeId, by, handler, ct);
        if (plan is null)
        {
            return NotFound();
        }

        await export.AuditAsync(plan, ct);
        var name = plan.CollegeName is null ? l["{0}-学信网照片.zip", plan.CampaignName] : l["{0}-{1}-学信网照片.zip", plan.CampaignName, plan.CollegeName];
        Response.ContentType = "application/zip";
        Response.Headers.CacheControl = "no-store, private";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(name.Value);
        Response.Headers.ContentDisposition = disposition.ToString();
        await export.WriteAsync(plan, Response.Body, ct);
        return new EmptyResult();
    }

    private async Task<ChsiPhotoPlan?> PlanAsync(int campaignId, int? collegeId, ChsiPhotoNaming by, ChsiPhotoPlanHandler handler, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(User, ct);
        var plan = await handler.PlanAsync(scope, campaignId, collegeId, Enum.IsDefined(by) ? by : ChsiPhotoNaming.ExamNumber, ct);
        if (plan is null && collegeId is int college && !scope.CoversCollege(college))
        {
            await scopes.AuditDeniedAsync("college", college);
        }

        return plan;
    }
}
