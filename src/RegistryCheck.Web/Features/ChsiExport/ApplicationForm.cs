using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Scopes;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>One line of the record on the form: the field, its value before and after the correction.</summary>
public sealed record FormLine(string Label, string Before, string After, bool Changed);

/// <summary>
/// The one-page application to the provincial department for one report that needs its approval: who, the record
/// before and after, the reason, the counselor's note, the evidence, and lines for signatures and stamps. The
/// printable page and the PDF of the evidence packet both render this, so they say the same.
/// </summary>
public sealed record ApplicationForm(
    int ReportId, string Title, string SchoolName, string CampaignName, string CollegeName, string ClassName,
    string StudentNumber, string Name, string ExamNumber, string IdNumber, string FieldLabel, string KindLabel, string StatusLabel,
    IReadOnlyList<FormLine> Record, string Reason, string CounselorNote, IReadOnlyList<string> Evidence, string SubmittedAt,
    IReadOnlyList<string> Signatures);

/// <summary>An evidence file's id and upload name (never its bytes: the packet reads those one file at a time).</summary>
public sealed record EvidenceName(int Id, string FileName);

/// <summary>The facts of one report a form is made from (a projection: no evidence bytes).</summary>
public sealed record FormSource(
    int ReportId, int CollegeId, int CampaignId, BatchStatus? BatchStatus, string CampaignName, Student Student, string CollegeName, string MajorName,
    string ClassName, RecordField Field, CorrectionKind Kind, ReportStatus Status, string ShownValue, string ProposedValue, string Reason,
    string? CounselorNote, DateTime SubmittedAt, IReadOnlyList<EvidenceName> Evidence);

/// <summary>Loads a form for the registrar or for the college administrator of the student's college, and builds its text.</summary>
public sealed class ApplicationFormHandler(RegistryDbContext db, StaffScopes scopes, CampaignClock clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>The record's fields the form shows: those whose change needs the province, plus the units.</summary>
    private static readonly RecordField[] FormFields =
    [
        RecordField.Name, RecordField.Gender, RecordField.BirthDate, RecordField.IdNumber, RecordField.Level, RecordField.Major,
        RecordField.StudyForm, RecordField.LengthOfStudy,
    ];

    public async Task<ApplicationForm?> HandleAsync(ScopeFilter scope, int reportId, CancellationToken ct)
    {
        // The scope is checked on the report itself, before asking whether it has a form: a try outside the scope is audited either way.
        var owner = await db.Reports.AsNoTracking().Where(r => r.Id == reportId)
            .Select(r => new { r.Student.CollegeId, Batch = r.Batch == null ? (BatchStatus?)null : r.Batch.Status }).FirstOrDefaultAsync(ct);
        if (owner is null)
        {
            return null;
        }

        if (!scope.CoversCollege(owner.CollegeId) || (scope.All && owner.Batch == BatchStatus.Draft))
        {
            await scopes.AuditDeniedAsync("report", reportId);
            return null;
        }

        var source = await Sources(db.Reports.Where(r => r.Id == reportId)).FirstOrDefaultAsync(ct);
        return source is null ? null : Build(source, fullIds: scope.All);
    }

    /// <summary>
    /// Reports with an application form: in a batch (verified ones in a college's draft), needing approval, not
    /// rejected or withdrawn.
    /// </summary>
    public static IQueryable<CorrectionReport> WithForms(IQueryable<CorrectionReport> reports) =>
        reports.Where(r => r.NeedsProvincialApproval && r.BatchId != null
            && (r.Status == ReportStatus.Verified || r.Status == ReportStatus.InBatch || r.Status == ReportStatus.Corrected));

    public IQueryable<FormSource> Sources(IQueryable<CorrectionReport> reports) =>
        WithForms(reports).AsNoTracking()
            .OrderBy(r => r.Student.College.Name).ThenBy(r => r.Student.Class.Name).ThenBy(r => r.Student.StudentNumber).ThenBy(r => r.Id)
            .Select(r => new FormSource(r.Id, r.Student.CollegeId, r.CampaignId, r.Batch == null ? null : r.Batch.Status, r.Campaign.Name, r.Student,
                r.Student.College.Name, r.Student.Major.Name, r.Student.Class.Name, r.Field, r.Kind, r.Status, r.ShownValue, r.ProposedValue, r.Reason,
                r.CounselorNote, r.SubmittedAt, r.Evidence.OrderBy(e => e.Id).Select(e => new EvidenceName(e.Id, e.FileName)).ToList()));

    /// <summary>The form's text; <paramref name="fullIds"/> is false for a college administrator, who sees ID numbers masked as in every list.</summary>
    public ApplicationForm Build(FormSource s, bool fullIds)
    {
        string Id(RecordField f, string v) => f == RecordField.IdNumber && !fullIds ? IdNumber.Mask(v) : v;
        var record = FormFields.Select(f =>
        {
            var now = Id(f, RecordSnapshot.ValueOf(s.Student, f, s.CollegeName, s.MajorName, s.ClassName));
            var changed = f == s.Field;
            // A corrected report's record already holds the new value: "before" is what the student was shown.
            return new FormLine(l[FieldRules.Label(f)].Value, changed ? Id(f, s.ShownValue) : now, changed ? Id(f, s.ProposedValue) : now, changed);
        }).ToList();
        if (!FormFields.Contains(s.Field))
        {
            record.Add(new FormLine(l[FieldRules.Label(s.Field)].Value, s.ShownValue, s.ProposedValue, true));
        }

        return new ApplicationForm(
            s.ReportId, l["学籍信息更正申请表（报省级教育行政部门审批）"].Value, s.Student.SchoolName, s.CampaignName, s.CollegeName, s.ClassName,
            s.Student.StudentNumber, s.Student.Name, s.Student.ExamNumber ?? "", Id(RecordField.IdNumber, s.Student.IdNumber), l[FieldRules.Label(s.Field)].Value,
            l[FieldLabels.Of(s.Kind)].Value, l[FieldLabels.Of(s.Status)].Value, record, s.Reason, s.CounselorNote ?? "", s.Evidence.Select(e => e.FileName).ToList(),
            clock.ToLocal(s.SubmittedAt).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            [l["学生本人签名："].Value, l["辅导员签名："].Value, l["学院意见（盖章）："].Value, l["学校学籍管理部门意见（盖章）："].Value,
                l["省级教育行政部门审批意见（盖章）："].Value]);
    }
}
