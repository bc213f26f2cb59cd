using Microsoft.EntityFrameworkCore;
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
    DateTime SubmittedAt, DateTime? VerifiedAt, DateTime? ResolvedAt, int? BatchId, int? BatchSequence,
    IReadOnlyList<DiffChar> Diff, IReadOnlyList<NameIssue> Issues, IReadOnlyList<EvidenceView> Evidence, IReadOnlyList<HistoryView> History)
{
    /// <summary>The record changed after the student reported (an import, another correction).</summary>
    public bool RecordChangedSinceReport => Field != RecordField.Photo && CurrentValue != ShownValue;

    public bool CounselorMayAct => Status == ReportStatus.Submitted;
}

/// <summary>
/// One report for staff: the record's current value beside the snapshot and the proposal, a per-character
/// diff, evidence, history. Out of scope is "not found" and audited; a view is audited like a record view.
/// </summary>
public sealed class ReportDetailHandler(RegistryDbContext db, StaffScopes scopes, AuditLog audit)
{
    public async Task<ReportDetailView?> HandleAsync(ScopeFilter scope, int id, CancellationToken ct)
    {
        var row = await db.Reports.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new
            {
                Report = r, r.Student, College = r.Student.College.Name, Major = r.Student.Major.Name, Class = r.Student.Class.Name,
                BatchSequence = r.Batch == null ? (int?)null : r.Batch.Sequence,
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
            diff, issues, row.Evidence, row.History);
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
