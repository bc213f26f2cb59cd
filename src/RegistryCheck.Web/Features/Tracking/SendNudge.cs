using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Notifications;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Tracking;

public sealed class SendNudgeForm
{
    public MessageChannel Channel { get; set; }

    [StringLength(500, ErrorMessage = "{0}过长")]
    [Display(Name = "备注")]
    public string? Note { get; set; }

    /// <summary>The students ticked in the list (empty: everyone under the filter).</summary>
    public int[] S { get; set; } = [];

    /// <summary>SMS costs money: the counselor ticks that they mean it.</summary>
    public bool ConfirmCost { get; set; }
}

public sealed record NudgePlan(
    UnitRef Unit, CampaignOption Campaign, ListQuery Query, IReadOnlyList<int> Selected, int Matching,
    IReadOnlyList<MessageChannel> Configured, IReadOnlyDictionary<MessageChannel, int> Reachable, MessageText Preview,
    bool LinkMissing, int? SmsCap, int SmsUsed);

public enum SendNudgeOutcome
{
    Sent,
    ChannelOff,
    NobodyReachable,
    ConfirmCost,
    OverSmsCap,
}

public sealed record SendNudgeResult(SendNudgeOutcome Outcome, string? DispatchKey = null, int Queued = 0, int Unreachable = 0);

/// <summary>
/// A nudge the portal delivers (issue 17): the confirmation page counts who gets it on which channel, the send writes
/// one nudge log row and one outbox row per reachable student in one transaction, and the delivery page shows each
/// row's state. One student, the ticked ones, or everyone under the filter ("not done" unless another is chosen).
/// </summary>
public sealed class SendNudgeHandler(RegistryDbContext db, StaffScopes scopes, StudentMessages messages, MessageChannels channels, SmsBudget sms, AuditLog audit)
{
    private const int Chunk = 500;
    /// <summary>Ticked students per send: a page is 50, and the ids travel in the query string.</summary>
    public const int MaxSelected = 200;

    public async Task<NudgePlan> PlanAsync(ClaimsPrincipal user, UnitRef unit, CampaignOption campaign, ListQuery raw, int[] selected, CancellationToken ct)
    {
        var (query, ids) = Target(raw, selected);
        var recipients = await RecipientsAsync(user, unit, campaign, query, ids, ct);
        var reachable = MessageChannels.All.ToDictionary(c => c, c => recipients.Count(r => channels.AddressOf(c, r.Recipient, MessageKind.Nudge) is not null));
        var budget = await sms.StateAsync(campaign.Id, ct);
        return new NudgePlan(unit, campaign, query, ids, recipients.Count, channels.Configured(), reachable,
            await messages.PreviewAsync(MessageKind.Nudge, campaign.Id, campaign.Deadline, ct), string.IsNullOrEmpty(messages.Link),
            budget.Cap, budget.Used);
    }

    public async Task<SendNudgeResult> SendAsync(ClaimsPrincipal user, UnitRef unit, CampaignOption campaign, ListQuery raw, SendNudgeForm form, CancellationToken ct)
    {
        if (!channels.IsConfigured(form.Channel))
        {
            return new(SendNudgeOutcome.ChannelOff);
        }

        var (query, ids) = Target(raw, form.S);
        var recipients = await RecipientsAsync(user, unit, campaign, query, ids, ct);
        var templates = await messages.TemplatesAsync(campaign.Id, ct);
        var byUser = user.GetUserId();
        var note = string.IsNullOrWhiteSpace(form.Note) ? null : TextInput.Clean(form.Note);
        var planned = recipients
            .Select(r => (r.CheckId, Message: messages.Compose(r.Recipient, form.Channel, MessageKind.Nudge, campaign.Id,
                r.Deadline, null, templates, byUser)))
            .Where(p => p.Message is not null).ToList();
        if (planned.Count == 0)
        {
            return new(SendNudgeOutcome.NobodyReachable, Unreachable: recipients.Count);
        }

        if (form.Channel == MessageChannel.Sms)
        {
            if (!form.ConfirmCost)
            {
                return new(SendNudgeOutcome.ConfirmCost);
            }

            await sms.EnsureRowAsync(campaign.Id, ct);
        }

        var key = Guid.NewGuid().ToString("D");
        if (!await WriteAsync(planned!, form.Channel, campaign.Id, note, byUser, key, ct))
        {
            return new(SendNudgeOutcome.OverSmsCap);
        }

        audit.Add(AuditActions.MessagesSent, "campaign", campaign.Id, $"kind=Nudge;channel={form.Channel};count={planned.Count};dispatch={key}");
        await db.SaveChangesAsync(ct);
        messages.Notify();
        return new(SendNudgeOutcome.Sent, key, planned.Count, recipients.Count - planned.Count);
    }

    /// <summary>Ticked students are taken whatever their state (never exempt ones); otherwise the filter, "not done" by default.</summary>
    private static (ListQuery Query, int[] Ids) Target(ListQuery raw, int[] selected)
    {
        var query = raw.Normalized();
        var ids = selected.Distinct().Take(MaxSelected).ToArray();
        if (ids.Length > 0)
        {
            query.State = StudentFilter.All;
        }
        else if (raw.State is null && raw.Xuexin is null)
        {
            // "Not done" of the portal check; a 学信网 filter (e.g. NotChecked: the 学信网 check's "not done") stands alone.
            query.State = StudentFilter.NotDone;
        }

        return (query, ids);
    }

    private sealed record Target_(int CheckId, MessageRecipient Recipient, DateTime Deadline);

    private async Task<List<Target_>> RecipientsAsync(ClaimsPrincipal user, UnitRef unit, CampaignOption campaign, ListQuery query, int[] ids, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var rows = StudentFilter.Filter(StudentFilter.Rows(db, scope, unit, campaign.Id, campaign.Cohort, query.Intake), query);
        if (ids.Length > 0)
        {
            rows = rows.Where(r => ids.Contains(r.Student.Id));
        }

        return await rows.OrderBy(r => r.Student.StudentNumber)
            .Select(r => new Target_(r.Check.Id,
                new MessageRecipient(r.Student.Id, r.Student.StudentNumber, r.Student.Name, r.Student.Email, r.Student.EmailByStudentAt != null,
                    r.Student.Phone, r.Student.PhoneByStudentAt != null, db.Users.Where(u => u.StudentId == r.Student.Id).Select(u => u.Language).FirstOrDefault(),
                    r.Student.WeComUserId),
                r.Check.DeadlineOverride ?? r.Check.Campaign.Deadline))
            .AsNoTracking().ToListAsync(ct);
    }

    /// <summary>False when SMS would pass the campaign's cap (nothing written).</summary>
    private async Task<bool> WriteAsync(List<(int CheckId, OutboxMessage Message)> planned, MessageChannel channel, int campaignId, string? note, int byUser,
        string key, CancellationToken ct)
    {
        var nudgeChannel = NotificationLabels.NudgeChannelOf(channel);
        var now = planned[0].Message.CreatedAt;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // First in the transaction: the reservation row stays locked until the commit, and a refusal writes nothing.
        if (channel == MessageChannel.Sms && !await sms.TryReserveAsync(campaignId, planned.Count, ct))
        {
            return false;
        }

        foreach (var chunk in planned.Chunk(Chunk))
        {
            var nudges = chunk.Select(p => new Nudge { StudentCheckId = p.CheckId, Channel = nudgeChannel, Note = note, At = now, ByUserId = byUser }).ToList();
            db.Nudges.AddRange(nudges);
            await db.SaveChangesAsync(ct);
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i].Message.NudgeId = nudges[i].Id;
                chunk[i].Message.DispatchKey = key;
            }

            db.Outbox.AddRange(chunk.Select(p => p.Message));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            var checkIds = chunk.Select(p => p.CheckId).ToList();
            await db.StudentChecks.Where(c => checkIds.Contains(c.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.LastNudgeAt, now).SetProperty(c => c.LastNudgeChannel, nudgeChannel), ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }
}
