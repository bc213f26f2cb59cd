using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Audit;

/// <summary>
/// The administrator's view of the audit log. Only GET actions exist here, and nowhere in the app is there an
/// action that edits or deletes an entry (the DbContext refuses it too): the log is append-only.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/audit")]
public sealed class AuditController : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AuditFilter filter, [FromServices] AuditQueryHandler handler, CancellationToken ct) =>
        View(await handler.HandleAsync(filter, ct));

    [HttpGet("export")]
    public async Task<IActionResult> Export([FromQuery] AuditFilter filter, [FromServices] AuditExportHandler handler, CancellationToken ct)
    {
        var bytes = await handler.HandleAsync(filter, ct);
        Response.Headers.CacheControl = "no-store, private";
        return File(bytes, "text/csv; charset=utf-8", "audit-log.csv");
    }
}
