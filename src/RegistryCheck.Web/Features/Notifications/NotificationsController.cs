using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Mvc;

namespace RegistryCheck.Web.Features.Notifications;

/// <summary>
/// The registrar's outbox page (channels, counts, failed messages with their reason and a retry) and each campaign's
/// messaging page: reminder steps, SMS cap, and the e-mail and WeCom texts.
/// </summary>
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

    [HttpGet("campaigns/{campaignId:int}")]
    public async Task<IActionResult> Campaign(int campaignId, [FromServices] CampaignMessagingPageHandler page, CancellationToken ct) =>
        await page.HandleAsync(campaignId, ct) is { } view ? View(view) : NotFound();

    [HttpPost("campaigns/{campaignId:int}/settings")]
    public async Task<IActionResult> Settings(int campaignId, MessagingSettingsForm form, [FromServices] SaveMessagingSettingsHandler handler,
        [FromServices] CampaignMessagingPageHandler page, CancellationToken ct)
    {
        var result = ModelState.IsValid ? await handler.HandleAsync(campaignId, form, ct) : new SaveSettingsResult(SettingsOutcome.Invalid, []);
        switch (result.Outcome)
        {
            case SettingsOutcome.NotFound:
                return NotFound();
            case SettingsOutcome.Saved:
                TempData.Flash(l["提醒和短信设置已保存。"]);
                return RedirectToAction(nameof(Campaign), new { campaignId });
            case SettingsOutcome.ChangedMeanwhile:
                TempData.Flash(l["其他人刚刚修改了这些设置，请查看后重新保存。"], true);
                return RedirectToAction(nameof(Campaign), new { campaignId });
        }

        foreach (var p in result.Problems)
        {
            ModelState.AddModelError(p.Field ?? "", p.Localize(l));
        }

        return await page.HandleAsync(campaignId, ct) is { } view ? View(nameof(Campaign), view with { Form = form }) : NotFound();
    }

    [HttpGet("campaigns/{campaignId:int}/templates")]
    public async Task<IActionResult> Template(int campaignId, [FromServices] EditMessageTemplateHandler editor, CancellationToken ct,
        MessageKind kind = MessageKind.Nudge, MessageChannel channel = MessageChannel.Email, string language = "zh-CN")
    {
        if (!ModelState.IsValid)
        {
            return NotFound();
        }

        var key = new MessageTemplateForm { Kind = kind, Channel = channel, Language = language };
        return await editor.GetAsync(campaignId, key, ct) is { } view ? View(view) : NotFound();
    }

    /// <summary>Save, or (intent = preview) only show the typed text as a student would receive it, with its problems.</summary>
    [HttpPost("campaigns/{campaignId:int}/templates")]
    public async Task<IActionResult> SaveTemplate(int campaignId, MessageTemplateForm form, string? intent, [FromServices] SaveMessageTemplateHandler handler,
        [FromServices] EditMessageTemplateHandler editor, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return NotFound();
        }

        var problems = intent == "preview"
            ? MessageTemplateRules.Check(form.Kind, form.Channel, form.Channel == MessageChannel.Email ? MessageTemplateRules.Clean(form.Subject) : "",
                MessageTemplateRules.Clean(form.Body))
            : null;
        if (problems is null)
        {
            var result = await handler.HandleAsync(campaignId, form, ct);
            if (result.Outcome != TemplateOutcome.Invalid)
            {
                return TemplateOutcomeRedirect(campaignId, form, result.Outcome, l["消息文本已保存。"]);
            }

            problems = [.. result.Problems];
        }

        foreach (var p in problems)
        {
            ModelState.AddModelError(p.Field ?? "", p.Localize(l));
        }

        return await editor.ViewAsync(campaignId, form, null, null, ct) is { } view ? View(nameof(Template), view) : NotFound();
    }

    [HttpPost("campaigns/{campaignId:int}/templates/reset")]
    public async Task<IActionResult> ResetTemplate(int campaignId, MessageTemplateForm form, [FromServices] ResetMessageTemplateHandler handler, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return NotFound();
        }

        var result = await handler.HandleAsync(campaignId, form, ct);
        return TemplateOutcomeRedirect(campaignId, form, result.Outcome, l["已恢复为系统内置文本。"]);
    }

    private IActionResult TemplateOutcomeRedirect(int campaignId, MessageTemplateForm form, TemplateOutcome outcome, string done)
    {
        if (outcome == TemplateOutcome.NotFound)
        {
            return NotFound();
        }

        TempData.Flash(outcome == TemplateOutcome.Saved ? done : l["其他人刚刚修改了这段文本，请查看当前文本后再修改。"], outcome != TemplateOutcome.Saved);
        return RedirectToAction(nameof(Template), new { campaignId, kind = form.Kind, channel = form.Channel, language = form.Language });
    }
}
