using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// Deadline reminders (issue 17): per open campaign, steps in days before each student's deadline (the campaign's
/// row in <c>CampaignMessaging</c>, else <c>Notifications:Reminders:DaysBefore</c>; default none). Every not-done student
/// (NotViewed or Viewed, never exempt) gets one reminder per step: the row's <c>DedupKey</c>
/// (reminder:campaign:step:student) is unique in the database, so two instances or a restart cannot write it twice.
/// A student is in at most one step's window at a time (the nearest step), so turning reminders on late sends one
/// message, not one per passed step.
/// </summary>
public sealed class DeadlineReminders(
    RegistryDbContext db, StudentMessages messages, SummaryReminders summary, IOptionsMonitor<NotificationOptions> options, TimeProvider time,
    ILogger<DeadlineReminders> logger)
{
    private const int Chunk = 200;

    /// <summary>Writes the due reminders of every open campaign; returns how many rows were written.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => c.ClosedAt == null && c.OpensAt <= now)
            .Select(c => new
            {
                c.Id, XuexinOpen = c.XuexinOpenedAt != null, c.SummaryDeadline,
                Messaging = db.CampaignMessaging.Where(m => m.CampaignId == c.Id)
                    .Select(m => new { m.ReminderDaysBefore, m.XuexinReminderDaysBefore, m.SummaryReminderDaysBefore }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var written = 0;
        var o = options.CurrentValue.Reminders;
        foreach (var c in campaigns)
        {
            written += await StepsAsync(c.Id, MessageKind.DeadlineReminder, ParseSteps(c.Messaging?.ReminderDaysBefore ?? o.DaysBefore), now, ct);
            if (c.XuexinOpen)
            {
                written += await StepsAsync(c.Id, MessageKind.XuexinReminder, ParseSteps(c.Messaging?.XuexinReminderDaysBefore ?? o.XuexinDaysBefore), now, ct);
            }

            if (c.SummaryDeadline is { } summaryDeadline)
            {
                written += await summary.RunAsync(c.Id, summaryDeadline, ParseSteps(c.Messaging?.SummaryReminderDaysBefore ?? o.SummaryDaysBefore), now, ct);
            }
        }

        if (written > 0)
        {
            messages.Notify();
        }

        return written;
    }

    /// <summary>"3,1" → [3, 1] (largest first, distinct, 1–60 days); anything else is ignored.</summary>
    public static List<int> ParseSteps(string? text) =>
        (text ?? "").Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(t => int.TryParse(t, out var d) ? d : 0).Where(d => d is >= 1 and <= 60)
            .Distinct().OrderDescending().ToList();

    /// <summary>reminder:campaign:step:student for the portal check, reminder:xuexin:campaign:step:student for the 学信网 check.</summary>
    public static string KeyOf(int campaignId, int step, int studentId, MessageKind kind = MessageKind.DeadlineReminder) =>
        kind == MessageKind.XuexinReminder ? $"reminder:xuexin:{campaignId}:{step}:{studentId}" : $"reminder:{campaignId}:{step}:{studentId}";

    private async Task<int> StepsAsync(int campaignId, MessageKind kind, List<int> steps, DateTime now, CancellationToken ct)
    {
        var written = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            // The window of step d: deadline within (now + next smaller step, now + d]; the smallest step's ends at now.
            var upper = now.AddDays(steps[i]);
            var lower = i + 1 < steps.Count ? now.AddDays(steps[i + 1]) : now;
            written += await StepAsync(campaignId, kind, steps[i], lower, upper, ct);
        }

        return written;
    }

    /// <summary>
    /// Not done: the portal check NotViewed or Viewed (deadline: the student's extension, else the campaign's); the
    /// 学信网 check never recorded (deadline: the 学信网 deadline, else the portal check's). Never exempt students.
    /// </summary>
    private IQueryable<DueRow> NotDone(int campaignId, MessageKind kind)
    {
        var checks = db.StudentChecks.AsNoTracking().Where(c => c.CampaignId == campaignId && !c.IsExempt);
        return kind == MessageKind.XuexinReminder
            ? checks.Where(c => c.XuexinState == XuexinState.NotChecked)
                .Select(c => new DueRow { StudentId = c.StudentId, Deadline = c.Campaign.XuexinDeadline ?? c.DeadlineOverride ?? c.Campaign.Deadline })
            : checks.Where(c => c.State == CheckState.NotViewed || c.State == CheckState.Viewed)
                .Select(c => new DueRow { StudentId = c.StudentId, Deadline = c.DeadlineOverride ?? c.Campaign.Deadline });
    }

    private async Task<int> StepAsync(int campaignId, MessageKind kind, int step, DateTime lower, DateTime upper, CancellationToken ct)
    {
        var prefix = KeyOf(campaignId, step, 0, kind)[..^1];
        var due = await NotDone(campaignId, kind)
            .Where(c => c.Deadline > lower && c.Deadline <= upper)
            .Where(c => !db.Outbox.Any(m => m.DedupKey == prefix + c.StudentId.ToString()))
            .Select(c => new { c.StudentId, c.Deadline })
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var templates = await messages.TemplatesAsync(campaignId, ct);
        var written = 0;
        foreach (var chunk in due.Chunk(Chunk))
        {
            var ids = chunk.Select(c => c.StudentId).ToList();
            var deadlines = chunk.ToDictionary(c => c.StudentId, c => c.Deadline);
            var recipients = await messages.Recipients(db.Students.Where(s => ids.Contains(s.Id))).ToListAsync(ct);
            var rows = recipients.Select(r => Compose(r, kind, campaignId, deadlines[r.StudentId], templates, step)).OfType<OutboxMessage>().ToList();
            written += await InsertAsync(db, rows, ct);
        }

        logger.LogInformation("Deadline reminders ({Kind}): {Count} written for campaign {CampaignId}, step {Step} days", kind, written, campaignId, step);
        return written;
    }

    private sealed class DueRow
    {
        public int StudentId { get; init; }
        public DateTime Deadline { get; init; }
    }

    /// <summary>On the student's first reachable channel, the one rule status messages and automatic nudges use.</summary>
    private OutboxMessage? Compose(MessageRecipient r, MessageKind kind, int campaignId, DateTime deadline, Templates templates, int step)
    {
        if (messages.FirstChannel(r, kind) is not { } channel || messages.Compose(r, channel, kind, campaignId, deadline, null, templates, null) is not { } m)
        {
            return null;
        }

        m.DedupKey = KeyOf(campaignId, step, r.StudentId, kind);
        return m;
    }

    /// <summary>
    /// Inserts a chunk; when another instance wrote some of the same keys meanwhile, the unique index refuses the
    /// chunk and it is inserted again without the keys that now exist.
    /// </summary>
    internal static async Task<int> InsertAsync(RegistryDbContext db, List<OutboxMessage> rows, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3 && rows.Count > 0; attempt++)
        {
            db.Outbox.AddRange(rows);
            try
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return rows.Count;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                var keys = rows.Select(r => r.DedupKey).ToList();
                var existing = await db.Outbox.Where(m => keys.Contains(m.DedupKey)).Select(m => m.DedupKey).ToListAsync(ct);
                rows = rows.Where(r => !existing.Contains(r.DedupKey)).ToList();
            }
        }

        return 0;
    }
}

/// <summary>Writes due deadline reminders once a minute in every instance (the unique key makes that safe).</summary>
public sealed class DeadlineReminderWorker(IServiceScopeFactory scopes, IOptionsMonitor<NotificationOptions> options, ILogger<DeadlineReminderWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (options.CurrentValue.Outbox.Enabled)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<DeadlineReminders>().RunAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Deadline reminder round failed");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.Reminders.IntervalSeconds)), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
