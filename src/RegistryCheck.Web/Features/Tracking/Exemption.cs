using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure;

namespace RegistryCheck.Web.Features.Tracking;

public enum ExemptionKind
{
    /// <summary>保留入学资格.</summary>
    Deferred = 0,
    /// <summary>放弃入学资格.</summary>
    Withdrawn = 1,
    /// <summary>预科.</summary>
    Preparatory = 2,
    Other = 3,
}

public sealed class ExemptForm
{
    [Display(Name = "免核对原因")]
    public ExemptionKind Kind { get; set; }

    [Display(Name = "说明")]
    [StringLength(200, ErrorMessage = "{0}过长")]
    public string? Reason { get; set; }
}

public enum ExemptOutcome
{
    Done,
    NoCheck,
    ReasonNeeded,
}

/// <summary>保留入学资格, 放弃入学资格, 预科…: the student needs no check and leaves every count, until undone.</summary>
public sealed class ExemptionHandler(RegistryDbContext db, AuditLog audit)
{
    public async Task<ExemptOutcome> ExemptAsync(StudentRef student, CampaignOption campaign, ExemptForm form, CancellationToken ct)
    {
        var reason = string.IsNullOrWhiteSpace(form.Reason) ? null : TextInput.Clean(form.Reason);
        if (form.Kind == ExemptionKind.Other && reason is null)
        {
            return ExemptOutcome.ReasonNeeded;
        }

        var check = await db.StudentChecks.FirstOrDefaultAsync(c => c.CampaignId == campaign.Id && c.StudentId == student.Id, ct);
        if (check is null)
        {
            return ExemptOutcome.NoCheck;
        }

        var label = TrackingLabels.Exemption(form.Kind);
        check.IsExempt = true;
        check.ExemptReason = reason is null ? label : label + "：" + reason;
        audit.Add(AuditActions.ExemptionChanged, "student", student.Id, $"exempt; campaign={campaign.Id}; kind={form.Kind}");
        await db.SaveChangesAsync(ct);
        return ExemptOutcome.Done;
    }

    public async Task<ExemptOutcome> UndoAsync(StudentRef student, CampaignOption campaign, CancellationToken ct)
    {
        var check = await db.StudentChecks.FirstOrDefaultAsync(c => c.CampaignId == campaign.Id && c.StudentId == student.Id, ct);
        if (check is null)
        {
            return ExemptOutcome.NoCheck;
        }

        check.IsExempt = false;
        check.ExemptReason = null;
        audit.Add(AuditActions.ExemptionChanged, "student", student.Id, $"exemption undone; campaign={campaign.Id}");
        await db.SaveChangesAsync(ct);
        return ExemptOutcome.Done;
    }
}
