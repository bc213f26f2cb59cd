using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Portal;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// The college administrators' reminder before the campaign's summary deadline (汇总截止, issue 17): steps in days
/// (<c>CampaignMessaging.SummaryReminderDaysBefore</c>, else <c>Notifications:Reminders:SummaryDaysBefore</c>; default
/// none). A college that has not handed in — no submitted batch and no 零报告, as the batch pages count it — while
/// verified reports of its students wait gets one e-mail per enabled college-administrator account of the college
/// with an address, per step: <c>DedupKey</c> reminder:summary:campaign:step:college:user is unique in the database, so
/// two instances or a restart cannot write it twice. E-mail only: staff phones and WeCom ids are not in the system.
/// </summary>
public sealed class SummaryReminders(
    RegistryDbContext db, MessageChannels channels, MessageTexts texts, StudentMessages messages, IOptions<PortalOptions> portal, CampaignClock clock,
    ILogger<SummaryReminders> logger)
{
    /// <summary>The page where a college administrator gathers and submits the college's batch.</summary>
    public const string BatchPage = "/batches/college";

    public static string KeyOf(int campaignId, int step, int collegeId, int userId) =>
        string.Create(CultureInfo.InvariantCulture, $"reminder:summary:{campaignId}:{step}:{collegeId}:{userId}");

    /// <summary>Writes the due reminders of one campaign; returns how many rows were written.</summary>
    public async Task<int> RunAsync(int campaignId, DateTime summaryDeadline, List<int> steps, DateTime now, CancellationToken ct)
    {
        if (!channels.IsConfigured(MessageChannel.Email) || StepOf(steps, summaryDeadline, now) is not { } step)
        {
            return 0;
        }

        var waiting = await WaitingAsync(campaignId, ct);
        if (waiting.Count == 0)
        {
            return 0;
        }

        var prefix = string.Create(CultureInfo.InvariantCulture, $"reminder:summary:{campaignId}:{step}:");
        var sent = (await db.Outbox.AsNoTracking().Where(m => m.DedupKey != null && m.DedupKey.StartsWith(prefix))
            .Select(m => m.DedupKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var collegeIds = waiting.Keys.ToList();
        var admins = await AdminsAsync(collegeIds, ct);
        var templates = await messages.TemplatesAsync(campaignId, ct);
        var rows = admins.Where(a => !sent.Contains(KeyOf(campaignId, step, a.CollegeId, a.UserId)))
            .Select(a => Compose(a, campaignId, step, summaryDeadline, waiting[a.CollegeId], templates))
            .OfType<OutboxMessage>().ToList();
        var written = rows.Count == 0 ? 0 : await DeadlineReminders.InsertAsync(db, rows, ct);
        if (written > 0)
        {
            logger.LogInformation("Summary reminders: {Count} written for campaign {CampaignId}, step {Step} days", written, campaignId, step);
        }

        return written;
    }

    /// <summary>The step whose window holds the deadline: (now + next smaller step, now + step]; null when none does.</summary>
    public static int? StepOf(List<int> steps, DateTime deadline, DateTime now)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var upper = now.AddDays(steps[i]);
            var lower = i + 1 < steps.Count ? now.AddDays(steps[i + 1]) : now;
            if (deadline > lower && deadline <= upper)
            {
                return steps[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Colleges that have not handed in (no batch beyond a draft: neither a submitted one nor a 零报告), with the number of
    /// their students' verified reports — those not yet submitted, in no batch or in a draft one.
    /// </summary>
    private async Task<Dictionary<int, int>> WaitingAsync(int campaignId, CancellationToken ct)
    {
        var handedIn = db.Batches.Where(b => b.CampaignId == campaignId && b.Status != BatchStatus.Draft).Select(b => b.CollegeId);
        return await db.Reports.AsNoTracking()
            .Where(r => r.CampaignId == campaignId && r.Status == ReportStatus.Verified && !handedIn.Contains(r.Student.CollegeId))
            .GroupBy(r => r.Student.CollegeId)
            .Select(g => new { CollegeId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.CollegeId, g => g.Count, ct);
    }

    private sealed record Admin(int UserId, int CollegeId, string DisplayName, string Email, string? Language);

    /// <summary>Enabled staff accounts in the college-administrator role whose scope is one of the colleges, with an e-mail.</summary>
    private async Task<List<Admin>> AdminsAsync(List<int> collegeIds, CancellationToken ct)
    {
        var rows = await (from s in db.StaffScopes
                          join u in db.Users on s.UserId equals u.Id
                          where s.CollegeId != null && collegeIds.Contains(s.CollegeId.Value) && !u.IsDisabled && u.StudentId == null
                                && u.Email != null && u.Email != ""
                                && (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                                    where ur.UserId == u.Id && r.Name == Roles.CollegeAdmin select ur.UserId).Any()
                          select new Admin(u.Id, s.CollegeId!.Value, u.DisplayName, u.Email!, u.Language))
            .ToListAsync(ct);
        return rows.DistinctBy(a => (a.UserId, a.CollegeId)).ToList();
    }

    private OutboxMessage? Compose(Admin a, int campaignId, int step, DateTime deadline, int count, Templates templates)
    {
        var address = a.Email.Trim();
        if (address.Length > OutboxMessageConfiguration.Recipient)
        {
            return null;
        }

        var language = MessageTexts.LanguageOf(a.Language);
        var values = new Dictionary<string, string>
        {
            [MessageTexts.Name] = a.DisplayName,
            [MessageTexts.Deadline] = clock.Format(deadline),
            [MessageTexts.Link] = portal.Value.UrlOf(BatchPage) ?? "",
            [MessageTexts.Count] = count.ToString(CultureInfo.InvariantCulture),
        };
        var text = texts.Render(MessageKind.SummaryReminder, language, values, templates.For(MessageKind.SummaryReminder, language, MessageChannel.Email));
        var now = clock.UtcNow;
        return new OutboxMessage
        {
            Channel = MessageChannel.Email,
            Kind = MessageKind.SummaryReminder,
            Recipient = address,
            UserId = a.UserId,
            CampaignId = campaignId,
            DedupKey = KeyOf(campaignId, step, a.CollegeId, a.UserId),
            Language = language,
            Subject = Shorten(text.Subject, OutboxMessageConfiguration.Subject),
            Body = Shorten(text.Body, OutboxMessageConfiguration.Body),
            ValuesJson = JsonSerializer.Serialize(new Dictionary<string, string> { ["deadline"] = values[MessageTexts.Deadline], ["count"] = values[MessageTexts.Count] }),
            State = OutboxState.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
