using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Backup;

/// <summary>
/// The administrator's "back up now" on the embedded SQLite database (docs/operations.md): the same checked copy as
/// the <c>backup</c> command, written beside the database, for a school that has no shell on the server.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/backup")]
public sealed class BackupController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(new BackupPage(null));

    [HttpPost("")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Run([FromServices] BackupDatabaseHandler handler, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store, private";
        return View("Index", new BackupPage(await handler.HandleAsync(ct)));
    }
}
