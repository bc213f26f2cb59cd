using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Tracking;

public sealed record CheckDetail(
    CheckState State, DateTime? FirstViewedAt, DateTime? LastViewedAt, DateTime? ConfirmedAt, DateTime? ResolvedAt,
    DateTime StateChangedAt, DateTime? DeadlineOverride, bool IsExempt, string? ExemptReason, DateTime? LastNudgeAt,
    NudgeChannel? LastNudgeChannel, XuexinDetail Xuexin);

/// <summary>The 学信网 check as the student recorded it.</summary>
public sealed record XuexinDetail(
    XuexinState State, bool? HasAccount, bool? RecordFound, bool? InfoCorrect, bool? PhotoCorrect, string? WrongFields,
    DateTime? FirstRecordedAt, DateTime? RecordedAt, bool IsLate);

/// <summary>A nudge; <see cref="Delivery"/> is its outbox row's state when the portal delivered it (issue 17).</summary>
public sealed record NudgeView(DateTime At, NudgeChannel Channel, string? Note, string ByName, OutboxState? Delivery = null, string? DeliveryError = null);

public sealed record ReportSummary(
    int Id, RecordField Field, ReportStatus Status, string ShownValue, string ProposedValue, DateTime SubmittedAt, bool IsLate, CorrectionKind Kind,
    SeenOn SeenOn = SeenOn.Portal);

public sealed record StudentDetailView(
    int StudentId, string Name, string StudentNumber, int ClassId, string ClassName, int CollegeId, IReadOnlyList<FieldRow> Fields,
    bool HasPhoto, bool ShowsFullIdNumber, CampaignChoice Campaign, CheckDetail? Check, IReadOnlyList<NudgeView> Nudges,
    IReadOnlyList<ReportSummary> Reports)
{
    /// <summary>专业代码, 系所, 备注 and what 备注 says of a 专升本 student's 专科 studies, read-only.</summary>
    public RecordExtras Extras { get; init; } = RecordExtras.Of(null, null, null, null);
}

/// <summary>
/// One student's full record for staff, with the check's timestamps, the nudges and the reports. Every view is
/// audited. The full ID number and birth date are shown to the registrar only; counselors and college administrators
/// see the display restriction (area code only; year and month), so that the two together never give the initial password.
/// </summary>
public sealed class StudentDetailHandler(RegistryDbContext db, AuditLog audit)
{
    public async Task<StudentDetailView?> HandleAsync(ClaimsPrincipal user, StudentRef student, CampaignChoice choice, CancellationToken ct)
    {
        var row = await db.Students.AsNoTracking()
            .Where(s => s.Id == student.Id)
            .Select(s => new { Student = s, College = s.College.Name, Major = s.Major.Name, MajorCode = s.Major.Code, Class = s.Class.Name })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var full = user.IsInRole(Roles.Registrar);
        var campaignId = choice.Selected.Id;
        var hasPhoto = await db.AdmissionPhotos.AnyAsync(p => p.StudentId == student.Id && p.IsCurrent, ct);
        var check = await db.StudentChecks.AsNoTracking()
            .Where(c => c.CampaignId == campaignId && c.StudentId == student.Id)
            .Select(c => new CheckDetail(c.State, c.FirstViewedAt, c.LastViewedAt, c.ConfirmedAt, c.ResolvedAt, c.StateChangedAt,
                c.DeadlineOverride, c.IsExempt, c.ExemptReason, c.LastNudgeAt, c.LastNudgeChannel,
                new XuexinDetail(c.XuexinState, c.XuexinHasAccount, c.XuexinRecordFound, c.XuexinInfoCorrect, c.XuexinPhotoCorrect,
                    c.XuexinWrongFields, c.XuexinFirstRecordedAt, c.XuexinRecordedAt, c.XuexinIsLate)))
            .FirstOrDefaultAsync(ct);
        var nudges = await (
                from n in db.Nudges
                where n.StudentCheck.CampaignId == campaignId && n.StudentCheck.StudentId == student.Id
                join u in db.Users on n.ByUserId equals u.Id into authors
                from u in authors.DefaultIfEmpty()
                orderby n.At descending, n.Id descending
                select new NudgeView(n.At, n.Channel, n.Note, u == null ? "" : u.DisplayName,
                    db.Outbox.Where(m => m.NudgeId == n.Id).Select(m => (OutboxState?)m.State).FirstOrDefault(),
                    db.Outbox.Where(m => m.NudgeId == n.Id).Select(m => m.LastError).FirstOrDefault()))
            .Take(100)
            .ToListAsync(ct);
        var reports = await db.Reports.AsNoTracking()
            .Where(r => r.StudentId == student.Id && r.CampaignId == campaignId)
            .OrderByDescending(r => r.SubmittedAt)
            .Select(r => new ReportSummary(r.Id, r.Field, r.Status, r.ShownValue, r.ProposedValue, r.SubmittedAt, r.IsLate, r.Kind, r.SeenOn))
            .ToListAsync(ct);
        var open = reports.Where(r => ReportRules.IsOpen(r.Status)).Select(r => r.Field).ToHashSet();
        var fields = RecordSnapshot.DisplayOrder
            .Select(f =>
            {
                var value = RecordSnapshot.ValueOf(row.Student, f, row.College, row.Major, row.Class);
                if (!full)
                {
                    value = Restricted(f, value);
                }

                return new FieldRow(f, value, FieldRules.NeedsProvincialApproval(f), open.Contains(f));
            })
            .ToList();

        await audit.WriteNowAsync(AuditActions.StudentRecordViewed, "student", student.Id, full ? "full id number shown" : "id number and birth date restricted");
        return new StudentDetailView(student.Id, row.Student.Name, row.Student.StudentNumber, row.Student.ClassId, row.Class,
            row.Student.CollegeId, fields, hasPhoto, full, choice, check, nudges, reports)
        {
            Extras = RecordExtras.Of(row.MajorCode, row.Student.Department, row.Student.Remark, row.Student.IntakeType),
        };
    }

    /// <summary>The display restriction (ADR-018) for staff other than the registrar, also inside reports' values.</summary>
    public static string Restricted(RecordField field, string value) => field switch
    {
        RecordField.IdNumber => DisplayRestriction.IdNumber(value),
        RecordField.BirthDate => DisplayRestriction.BirthDate(value),
        _ => value,
    };
}
