using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Notifications;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Campaigns;

public sealed class StudentDeadlineForm
{
    [Display(Name = "学号")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(32, ErrorMessage = "{0}过长")]
    public string? StudentNumber { get; set; }

    [Display(Name = "新的截止时间")]
    [Required(ErrorMessage = "请输入{0}")]
    public DateTime? NewDeadline { get; set; }

    [Display(Name = "延期原因")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(200, ErrorMessage = "{0}过长")]
    public string? Reason { get; set; }
}

/// <summary>
/// Gives one student a later deadline than the campaign's (StudentCheck.DeadlineOverride), audited with the old and
/// the new time and the registrar's reason; the student is told in the same save.
/// </summary>
public sealed class ExtendStudentDeadlineHandler(RegistryDbContext db, CampaignClock clock, AuditLog audit, StudentMessages messages, ILogger<ExtendStudentDeadlineHandler> logger)
{
    public async Task<CampaignCommandResult> HandleAsync(int campaignId, StudentDeadlineForm form, CancellationToken ct)
    {
        var (student, refusal) = await CampaignStudent.FindAsync(db, campaignId, nameof(form.StudentNumber), form.StudentNumber, ct);
        if (student is null)
        {
            return refusal!;
        }

        var campaign = student.Campaign;
        var deadline = clock.ToUtc(form.NewDeadline!.Value);
        if (deadline <= campaign.Deadline)
        {
            return new(CampaignOutcome.Invalid, UserMessage.For(nameof(form.NewDeadline), "个人截止时间必须晚于本次核对的截止时间"));
        }

        var check = await db.StudentChecks.FirstOrDefaultAsync(c => c.CampaignId == campaignId && c.StudentId == student.StudentId, ct);
        if (check is null)
        {
            // A student added after the campaign was created and not yet signed in.
            check = new StudentCheck { CampaignId = campaignId, StudentId = student.StudentId, StateChangedAt = clock.UtcNow };
            db.StudentChecks.Add(check);
        }

        var old = check.DeadlineOverride;
        check.DeadlineOverride = deadline;
        // The reason is the registrar's note of why (e.g. "住院"), kept where the who and when are: the audit log.
        audit.Add(AuditActions.DeadlineChanged, "student", student.StudentId, string.Create(CultureInfo.InvariantCulture,
            $"scope=student campaign={campaignId} old={old?.ToString("O", CultureInfo.InvariantCulture) ?? "none"} new={deadline:O} reason={form.Reason!.Trim()}"));
        // Issue 17: the student is told, in the same save as the new deadline.
        await messages.AddStatusMessageAsync(student.StudentId, campaignId, MessageKind.DeadlineExtended, null, null, ct, deadline);
        try
        {
            await db.SaveChangesAsync(ct);
            messages.Notify();
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(CampaignOutcome.ChangedMeanwhile);
        }

        logger.LogInformation("Deadline of student {StudentId} extended in campaign {CampaignId}", student.StudentId, campaignId);
        return new(CampaignOutcome.Done);
    }
}
