using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Corrections;

public sealed class ReviewForm
{
    /// <summary>The version of the report the form showed.</summary>
    public int Version { get; set; }

    [Display(Name = "核实意见")]
    [StringLength(FieldLengths.Note, ErrorMessage = "{0}不能超过 {1} 个字符")]
    public string? Note { get; set; }

    /// <summary>The counselor may correct the student's choice of 更正 or 更改 when verifying.</summary>
    public CorrectionKind? Kind { get; set; }
}

/// <summary>
/// The counselor's first-level check (核实): verify with a note, or return the report to the student with a
/// question. Only a report waiting for the counselor (Submitted) can be acted on: once it is in a college
/// batch it is frozen.
/// </summary>
public sealed class ReviewReportHandler(RegistryDbContext db, StaffScopes scopes, ReportTransitions transitions, ILogger<ReviewReportHandler> logger)
{
    public Task<StaffOutcome> VerifyAsync(ClaimsPrincipal user, int id, ReviewForm form, CancellationToken ct) =>
        ActAsync(user, id, form, ReportStatus.Verified, ct);

    public Task<StaffOutcome> ReturnAsync(ClaimsPrincipal user, int id, ReviewForm form, CancellationToken ct) =>
        ActAsync(user, id, form, ReportStatus.ReturnedToStudent, ct);

    private async Task<StaffOutcome> ActAsync(ClaimsPrincipal user, int id, ReviewForm form, ReportStatus to, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var report = await db.Reports.Include(r => r.Student).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return StaffOutcome.NotFound;
        }

        if (!scope.CoversClass(report.Student.ClassId, report.Student.CollegeId))
        {
            await scopes.AuditDeniedAsync("report", id);
            return StaffOutcome.NotFound;
        }

        if (report.Version != form.Version)
        {
            return StaffOutcome.ChangedMeanwhile;
        }

        if (report.Status != ReportStatus.Submitted)
        {
            return StaffOutcome.NotAllowedInStatus;
        }

        var note = TextInput.Clean(form.Note);
        note = note.Length > FieldLengths.Note ? note[..FieldLengths.Note] : note;
        if (to == ReportStatus.ReturnedToStudent && note.Length == 0)
        {
            return StaffOutcome.Invalid;
        }

        transitions.Expect(report, form.Version);
        if (to == ReportStatus.Verified)
        {
            report.CounselorNote = note.Length == 0 ? null : note;
            report.VerifiedAt = transitions.Now;
            if (form.Kind is { } kind && Enum.IsDefined(kind) && kind != report.Kind && report.Field != RecordField.Photo)
            {
                // Kept in the history entry's note: who changed the kind is as much part of the record as the verification.
                note = (kind == CorrectionKind.Change ? "更正类型改为：更改" : "更正类型改为：更正") + (note.Length == 0 ? "" : "；" + note);
                report.Kind = kind;
            }
        }
        else
        {
            report.ReturnQuestion = note;
            report.StudentAnswer = null;
        }

        transitions.Move(report, to, user, note);
        await transitions.RecalculateAsync(report, ct);
        var outcome = await transitions.SaveAsync(ct);
        logger.LogInformation("Report {ReportId} moved to {Status} by user {UserId}: {Outcome}", id, to, user.FindFirstValue(ClaimTypes.NameIdentifier), outcome);
        return outcome;
    }
}
