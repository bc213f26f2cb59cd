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
    /// <summary>The value of the choice "each student on their first available channel".</summary>
    public const string Automatic = "Auto";

    /// <summary><c>Email</c>, <c>WeCom</c>, <c>Sms</c> or <see cref="Automatic"/>.</summary>
    public string? Channel { get; set; }

    [StringLength(500, ErrorMessage = "{0}过长")]
    [Display(Name = "备注")]
    public string? Note { get; set; }

    /// <summary>The students ticked in the list (empty: everyone under the filter).</summary>
    public int[] S { get; set; } = [];

    /// <summary>
    /// SMS costs money: the counts the counselor confirmed (each checkbox's value is the number of SMS its label
    /// names); a send with SMS goes out only when it writes exactly a confirmed number of them.
    /// </summary>
    public int[] ConfirmSms { get; set; } = [];

    /// <summary>The send's key, made when the confirmation page was shown: a second submit of that page writes nothing.</summary>
    public string? Key { get; set; }

    public bool IsAutomatic => Channel == Automatic;

    /// <summary>The single channel chosen, or null (automatic, or not a channel).</summary>
    public MessageChannel? Single =>
        Enum.TryParse<MessageChannel>(Channel, ignoreCase: false, out var c) && Enum.IsDefined(c) && Channel == c.ToString() ? c : null;

    public bool IsValidChoice => IsAutomatic || Single is not null;
}

public sealed record NudgePlan(
    UnitRef Unit, CampaignOption Campaign, ListQuery Query, IReadOnlyList<int> Selected, int Matching,
    IReadOnlyList<MessageChannel> Configured, IReadOnlyDictionary<MessageChannel, int> Reachable, MessageText Preview,
    bool LinkMissing, int? SmsCap, int SmsUsed, IReadOnlyDictionary<MessageChannel, int> Automatic, string Key)
{
    /// <summary>Students an automatic send reaches on some channel.</summary>
    public int AutomaticReachable => Automatic.Values.Sum();
}

public enum SendNudgeOutcome
{
    Sent,
    ChannelOff,
    NobodyReachable,
    ConfirmCost,
    OverSmsCap,
    /// <summary>This send (its key) was already written: a double submit; nothing more was written.</summary>
    AlreadySent,
}

public sealed record SendNudgeResult(
    SendNudgeOutcome Outcome, string? DispatchKey = null, int Queued = 0, int Unreachable = 0, IReadOnlyDictionary<MessageChannel, int>? ByChannel = null)
{
    public int ByEmail => ByChannel?.GetValueOrDefault(MessageChannel.Email) ?? 0;
    public int ByWeCom => ByChannel?.GetValueOrDefault(MessageChannel.WeCom) ?? 0;
    public int BySms => ByChannel?.GetValueOrDefault(MessageChannel.Sms) ?? 0;
}

/// <summary>
/// A nudge the portal delivers (issue 17): the confirmation page counts who gets it on which channel, the send writes
/// one nudge log row and one outbox row per reachable student in one transaction, and the delivery page shows each
/// row's state. One student, the ticked ones, or everyone under the filter ("not done" unless another is chosen); on
/// one channel for all, or automatically on each student's first channel (<see cref="StudentMessages.FirstChannel"/>).
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
        var reachable = MessageChannels.All.ToDictionary(c => c, c => recipients.Count(r => messages.Reaches(r.Recipient, c, MessageKind.Nudge)));
        var automatic = recipients.Select(r => messages.FirstChannel(r.Recipient, MessageKind.Nudge)).OfType<MessageChannel>()
            .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var budget = await sms.StateAsync(campaign.Id, ct);
        return new NudgePlan(unit, campaign, query, ids, recipients.Count, channels.Configured(), reachable,
            await messages.PreviewAsync(MessageKind.Nudge, campaign.Id, campaign.Deadline, ct), string.IsNullOrEmpty(messages.Link),
            budget.Cap, budget.Used, automatic, Guid.NewGuid().ToString("D"));
    }

    public async Task<SendNudgeResult> SendAsync(ClaimsPrincipal user, UnitRef unit, CampaignOption campaign, ListQuery raw, SendNudgeForm form, CancellationToken ct)
    {
        if (form.Single is { } single ? !channels.IsConfigured(single) : !form.IsAutomatic || channels.Configured().Count == 0)
        {
            return new(SendNudgeOutcome.ChannelOff);
        }

        // The page's key makes a second submit of the same page a no-op; a post without one is a send of its own.
        var key = Guid.TryParse(form.Key, out var given) ? given.ToString("D") : Guid.NewGuid().ToString("D");
        if (await db.Outbox.AnyAsync(m => m.DispatchKey == key, ct))
        {
            return new(SendNudgeOutcome.AlreadySent, key);
        }

        var (query, ids) = Target(raw, form.S);
        var recipients = await RecipientsAsync(user, unit, campaign, query, ids, ct);
        var templates = await messages.TemplatesAsync(campaign.Id, ct);
        var byUser = user.GetUserId();
        var note = string.IsNullOrWhiteSpace(form.Note) ? null : TextInput.Clean(form.Note);
        var planned = recipients
            .Select(r => (r.CheckId, Channel: form.Single ?? messages.FirstChannel(r.Recipient, MessageKind.Nudge), r))
            .Where(p => p.Channel is not null)
            .Select(p => (p.CheckId, Message: messages.Compose(p.r.Recipient, p.Channel!.Value, MessageKind.Nudge, campaign.Id,
                p.r.Deadline, null, templates, byUser)))
            .Where(p => p.Message is not null).Select(p => (p.CheckId, Message: p.Message!)).ToList();
        if (planned.Count == 0)
        {
            return new(SendNudgeOutcome.NobodyReachable, Unreachable: recipients.Count);
        }

        var byChannel = planned.GroupBy(p => p.Message.Channel).ToDictionary(g => g.Key, g => g.Count());
        var smsCount = byChannel.GetValueOrDefault(MessageChannel.Sms);
        if (smsCount > 0)
        {
            // Exactly the number the counselor saw and ticked: if the list changed since, they confirm again.
            if (!form.ConfirmSms.Contains(smsCount))
            {
                return new(SendNudgeOutcome.ConfirmCost);
            }

            await sms.EnsureRowAsync(campaign.Id, ct);
        }

        var written = await WriteAsync(planned, smsCount, campaign.Id, note, byUser, key, ct);
        if (written != SendNudgeOutcome.Sent)
        {
            return new(written, key);
        }

        var counts = string.Join(";", byChannel.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"));
        audit.Add(AuditActions.MessagesSent, "campaign", campaign.Id,
            $"kind=Nudge;channel={(form.IsAutomatic ? SendNudgeForm.Automatic : form.Single.ToString())};count={planned.Count};{counts};dispatch={key}");
        await db.SaveChangesAsync(ct);
        messages.Notify();
        return new(SendNudgeOutcome.Sent, key, planned.Count, recipients.Count - planned.Count, byChannel);
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

    /// <summary>
    /// Sent, or OverSmsCap when the SMS rows would pass the campaign's cap, or AlreadySent when another submit of the
    /// same page wrote this key first (the unique <c>DedupKey</c> per key and student refuses the second; nothing is
    /// written).
    /// </summary>
    private async Task<SendNudgeOutcome> WriteAsync(List<(int CheckId, OutboxMessage Message)> planned, int smsCount, int campaignId, string? note,
        int byUser, string key, CancellationToken ct)
    {
        var now = planned[0].Message.CreatedAt;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // First in the transaction: the reservation row stays locked until the commit, and a refusal writes nothing.
        if (smsCount > 0 && !await sms.TryReserveAsync(campaignId, smsCount, ct))
        {
            // A double submit waiting for the first one's reservation sees the cap used up by that very send.
            return await db.Outbox.AnyAsync(m => m.DispatchKey == key, ct) ? SendNudgeOutcome.AlreadySent : SendNudgeOutcome.OverSmsCap;
        }

        try
        {
            foreach (var chunk in planned.Chunk(Chunk))
            {
                await WriteChunkAsync(chunk, note, byUser, key, now, ct);
            }
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (await db.Outbox.AnyAsync(m => m.DispatchKey == key, ct))
            {
                return SendNudgeOutcome.AlreadySent;
            }

            throw;
        }

        await tx.CommitAsync(ct);
        return SendNudgeOutcome.Sent;
    }

    /// <summary>One nudge log row per student with the channel its message actually uses, then the outbox rows linked to them.</summary>
    private async Task WriteChunkAsync((int CheckId, OutboxMessage Message)[] chunk, string? note, int byUser, string key, DateTime now, CancellationToken ct)
    {
        var nudges = chunk.Select(p => new Nudge
        {
            StudentCheckId = p.CheckId, Channel = NotificationLabels.NudgeChannelOf(p.Message.Channel), Note = note, At = now, ByUserId = byUser,
        }).ToList();
        db.Nudges.AddRange(nudges);
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i].Message.NudgeId = nudges[i].Id;
            chunk[i].Message.DispatchKey = key;
            chunk[i].Message.DedupKey = $"nudge:{key}:{chunk[i].CheckId}";
        }

        db.Outbox.AddRange(chunk.Select(p => p.Message));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        foreach (var group in chunk.GroupBy(p => NotificationLabels.NudgeChannelOf(p.Message.Channel)))
        {
            var checkIds = group.Select(p => p.CheckId).ToList();
            await db.StudentChecks.Where(c => checkIds.Contains(c.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.LastNudgeAt, now).SetProperty(c => c.LastNudgeChannel, group.Key), ct);
        }
    }
}
