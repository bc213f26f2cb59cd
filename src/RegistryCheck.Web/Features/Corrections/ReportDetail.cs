using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Mvc;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Corrections;

public sealed record ReportDetailView(
    int Id, int Version, string StudentNumber, string StudentName, string ClassName, string CollegeName, RecordField Field,
    bool NeedsApproval, bool IsLate, ReportStatus Status, string CurrentValue, string ShownValue, string ProposedValue,
    string Reason, string? CounselorNote, string? ReturnQuestion, string? StudentAnswer, string? RejectionReason,
    DateTime SubmittedAt, DateTime? VerifiedAt, DateTime? ResolvedAt, int? BatchId, int? BatchSequence, CorrectionKind Kind,
    bool IdentityConflict,
    IReadOnlyList<DiffChar> Diff, IReadOnlyList<NameIssue> Issues, IReadOnlyList<EvidenceView> Evidence, IReadOnlyList<HistoryView> History)
{
    /// <summary>The record changed after the student reported (an import, another correction).</summary>
    public bool RecordChangedSinceReport => Field != RecordField.Photo && CurrentValue != ShownValue;

    public bool CounselorMayAct => Status == ReportStatus.Submitted;

    /// <summary>For a photo report: the current photo and the uploaded images against CHSI's specification.</summary>
    public IReadOnlyList<PhotoSpecView> PhotoSpec { get; init; } = [];
}

/// <summary>
/// One report for staff: the record's current value beside the snapshot and the proposal, a per-character
/// diff, evidence, history. Out of scope is "not found" and audited; a view is audited like a record view.
/// </summary>
public sealed class ReportDetailHandler(RegistryDbContext db, StaffScopes scopes, AuditLog audit, IOptions<ChsiPhotoOptions> chsiSpec)
{
    public async Task<ReportDetailView?> HandleAsync(ScopeFilter scope, int id, CancellationToken ct)
    {
        var row = await db.Reports.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new
            {
                Report = r, r.Student, College = r.Student.College.Name, Major = r.Student.Major.Name, Class = r.Student.Class.Name,
                BatchSequence = r.Batch == null ? (int?)null : r.Batch.Sequence,
                // The campaign forbids changing 姓名 and 证件号码 together, and the other one has a live report.
                IdentityConflict = (r.Field == RecordField.Name || r.Field == RecordField.IdNumber) && r.Campaign.ForbidNameAndIdNumberTogether
                    && db.Reports.Any(o => o.StudentId == r.StudentId && o.CampaignId == r.CampaignId && o.Id != r.Id
                        && (o.Field == RecordField.Name || o.Field == RecordField.IdNumber) && o.Field != r.Field
                        && o.Status != ReportStatus.Withdrawn && o.Status != ReportStatus.Rejected),
                Evidence = r.Evidence.Select(e => new EvidenceView(e.Id, e.FileName, e.ContentType, e.SizeBytes)).ToList(),
                History = r.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new HistoryView(h.FromStatus, h.ToStatus, h.At, h.ActorName, h.Note)).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        if (!scope.CoversClass(row.Student.ClassId, row.Student.CollegeId))
        {
            await scopes.AuditDeniedAsync("report", id);
            return null;
        }

        var r = row.Report;
        var current = ReviewQueueHandler.CurrentValue(row.Student, r.Field, row.College, row.Major, row.Class);
        var diff = r.Field == RecordField.Photo ? [] : CharacterDiff.Compute(current, r.ProposedValue);
        var issues = r.Field == RecordField.Name ? NameNormalizer.ExplainDifference(current, r.ProposedValue) : [];
        audit.Add(AuditActions.StudentRecordViewed, "report", id, $"student={r.StudentId}");
        await db.SaveChangesAsync(ct);
        return new ReportDetailView(r.Id, r.Version, row.Student.StudentNumber, row.Student.Name, row.Class, row.College, r.Field,
            r.NeedsProvincialApproval, r.IsLate, r.Status, current, r.ShownValue, r.ProposedValue, r.Reason, r.CounselorNote,
            r.ReturnQuestion, r.StudentAnswer, r.RejectionReason, r.SubmittedAt, r.VerifiedAt, r.ResolvedAt, r.BatchId, row.BatchSequence,
            r.Kind, row.IdentityConflict, diff, issues, row.Evidence, row.History)
        {
            PhotoSpec = r.Field == RecordField.Photo ? await PhotoSpecAsync(r.StudentId, row.Evidence, ct) : [],
        };
    }

    /// <summary>
    /// What the current photo and each uploaded image miss of CHSI's specification: warnings for whoever decides
    /// (the CHSI export converts any decodable photo). The bytes are read one file at a time; only the header is parsed.
    /// </summary>
    private async Task<IReadOnlyList<PhotoSpecView>> PhotoSpecAsync(int studentId, IReadOnlyList<EvidenceView> evidence, CancellationToken ct)
    {
        var views = new List<PhotoSpecView>();
        var current = await db.AdmissionPhotos.AsNoTracking().Where(p => p.StudentId == studentId && p.IsCurrent)
            .Select(p => p.Content).FirstOrDefaultAsync(ct);
        if (current is not null)
        {
            views.Add(new(true, "", ChsiPhotoSpec.Check(current, chsiSpec.Value)));
        }

        foreach (var e in evidence.Where(e => e.ContentType.StartsWith("image/", StringComparison.Ordinal)))
        {
            var content = await db.ReportEvidence.AsNoTracking().Where(x => x.Id == e.Id).Select(x => x.Content).FirstAsync(ct);
            views.Add(new(false, e.FileName, ChsiPhotoSpec.Check(content, chsiSpec.Value)));
        }

        return views;
    }

    /// <summary>An evidence file of a report in scope; null (and audited) otherwise.</summary>
    public async Task<StoredFile?> EvidenceAsync(ScopeFilter scope, int evidenceId, CancellationToken ct)
    {
        var row = await db.ReportEvidence.AsNoTracking().Where(e => e.Id == evidenceId)
            .Select(e => new { e.ReportId, e.Report.Student.ClassId, e.Report.Student.CollegeId })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        if (!scope.CoversClass(row.ClassId, row.CollegeId))
        {
            await scopes.AuditDeniedAsync("evidence", evidenceId);
            return null;
        }

        return await db.ReportEvidence.AsNoTracking().Where(e => e.Id == evidenceId)
            .Select(e => new StoredFile(e.Content, e.ContentType, e.FileName)).FirstAsync(ct);
    }
}
