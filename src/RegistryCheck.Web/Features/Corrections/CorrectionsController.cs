using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Mvc;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Corrections;

/// <summary>
/// Counselors check reports (核实) of their classes. The report page and its evidence are also open to the
/// college administrator and the registrar, each within their scope.
/// </summary>
[Route("corrections")]
public sealed class CorrectionsController(StaffScopes scopes, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.Counselor)]
    public async Task<IActionResult> Index([FromQuery] ReviewQueueQuery query, [FromServices] ReviewQueueHandler handler, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(User, ct);
        return View(await handler.HandleAsync(scope, query, ct));
    }

    [HttpGet("{id:int}")]
    [Authorize(Policy = Policies.Tracking)]
    public async Task<IActionResult> Show(int id, [FromServices] ReportDetailHandler handler, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(User, ct);
        var model = await handler.HandleAsync(scope, id, ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/verify")]
    [Authorize(Policy = Policies.Counselor)]
    public async Task<IActionResult> Verify(int id, ReviewForm form, [FromServices] ReviewReportHandler handler, CancellationToken ct) =>
        Outcome(id, await handler.VerifyAsync(User, id, form, ct), l["已核实，等待学院汇总报送。"]);

    [HttpPost("{id:int}/return")]
    [Authorize(Policy = Policies.Counselor)]
    public async Task<IActionResult> Return(int id, ReviewForm form, [FromServices] ReviewReportHandler handler, CancellationToken ct) =>
        Outcome(id, await handler.ReturnAsync(User, id, form, ct), l["已退回学生补充说明。"]);

    [HttpGet("evidence/{id:int}")]
    [Authorize(Policy = Policies.Tracking)]
    public async Task<IActionResult> Evidence(int id, [FromServices] ReportDetailHandler handler, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(User, ct);
        return await handler.EvidenceAsync(scope, id, ct) is { } file ? PrivateFile.Serve(this, file) : NotFound();
    }

    private IActionResult Outcome(int id, StaffOutcome outcome, string done)
    {
        if (outcome == StaffOutcome.NotFound)
        {
            return NotFound();
        }

        var message = OutcomeMessages.Of(outcome, l, done, l["退回时请写明需要学生说明的问题。"]);
        TempData.Flash(message, isError: outcome != StaffOutcome.Done);
        return outcome == StaffOutcome.Done ? RedirectToAction(nameof(Index)) : RedirectToAction(nameof(Show), new { id });
    }
}
