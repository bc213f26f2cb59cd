using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Mvc;

namespace RegistryCheck.Web.Features.Notifications;

/// <summary>The registrar's outbox page: channels, counts, failed messages with their reason and a retry.</summary>
[Authorize(Policy = Policies.Registrar)]
[Route("notifications")]
public sealed class NotificationsController(IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromServices] FailedMessagesHandler handler, CancellationToken ct)
    {
        ViewData["MainClass"] = "page-wide";
        return View(await handler.HandleAsync(ct));
    }

    [HttpPost("{id:long}/retry")]
    public async Task<IActionResult> Retry(long id, [FromServices] RetryMessageHandler handler, CancellationToken ct)
    {
        var done = await handler.HandleAsync(id, ct);
        TempData.Flash(done ? l["已重新排队发送。"] : l["该消息不是发送失败状态。"], !done);
        return RedirectToAction(nameof(Index));
    }
}
