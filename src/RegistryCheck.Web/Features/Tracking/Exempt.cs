using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure;

namespace RegistryCheck.Web.Features.Tracking;

public sealed class ExemptForm
{
    [Display(Name = "免核对原因")]
    public ExemptionKind Kind { get; set; }

    [Display(Name = "说明")]
    [StringLength(200, ErrorMessage = "{0}过长")]
    public string? Reason { get; set; }
}

/// <summary>保留入学资格, 放弃入学资格, 预科…: the student needs no check and leaves every count, until undone
/// (<see cref="UnexemptHandler"/>).</summary>
public sealed class ExemptHandler(RegistryDbContext db, AuditLog audit)
{
    public async Task<ExemptOutcome> HandleAsync(StudentRef student, CampaignOption campaign, ExemptForm form, CancellationToken ct)
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
}
