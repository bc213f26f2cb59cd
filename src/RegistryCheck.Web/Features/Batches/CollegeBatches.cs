using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

public sealed record BatchReportRow(
    int Id, int Version, string StudentNumber, string StudentName, string ClassName, RecordField Field, string ShownValue,
    string ProposedValue, bool NeedsApproval, string? CounselorNote, ReportStatus Status, DateTime? VerifiedAt, string? RejectionReason);

public sealed record BatchSummary(
    int Id, int Version, int CollegeId, string CollegeName, string CampaignName, int Sequence, BatchStatus Status,
    DateTime? SubmittedAt, DateTime? OpenedAt, int Reports, int Resolved);

public sealed record CollegeBatchesView(
    IReadOnlyList<BatchReportRow> Unbatched, IReadOnlyList<(BatchSummary Batch, IReadOnlyList<BatchReportRow> Reports)> Drafts,
    IReadOnlyList<BatchSummary> Sent);

/// <summary>
/// The college administrator gathers the verified reports into the college's draft batch (one per campaign,
/// created on demand, numbered 1, 2, … per college and campaign) and submits it to the registrar. Submitting
/// freezes the reports (InBatch). A submitted batch can be recalled until the registrar opens it.
/// </summary>
public sealed class CollegeBatchesHandler(RegistryDbContext db, StaffScopes scopes, ReportTransitions transitions, AuditLog audit)
{
    public async Task<CollegeBatchesView> ViewAsync(ScopeFilter scope, CancellationToken ct)
    {
        var colleges = scope.CollegeIds;
        var unbatched = await ReportRows(db.Reports.Where(r => r.Status == ReportStatus.Verified && r.BatchId == null
            && colleges.Contains(r.Student.CollegeId))).ToListAsync(ct);
        var batches = await Summaries(db.Batches.Where(b => colleges.Contains(b.CollegeId))).ToListAsync(ct);
        var drafts = new List<(BatchSummary, IReadOnlyList<BatchReportRow>)>();
        foreach (var draft in batches.Where(b => b.Status == BatchStatus.Draft))
        {
            var rows = await ReportRows(db.Reports.Where(r => r.BatchId == draft.Id)).ToListAsync(ct);
            drafts.Add((draft, rows));
        }

        return new CollegeBatchesView(unbatched, drafts, batches.Where(b => b.Status != BatchStatus.Draft).ToList());
    }

    /// <summary>Puts verified reports into their college's draft batch of their campaign, creating it if needed.</summary>
    public async Task<(StaffOutcome Outcome, int Added)> AddAsync(ClaimsPrincipal user, IReadOnlyCollection<int> reportIds, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var reports = await db.Reports.Include(r => r.Student).Where(r => reportIds.Contains(r.Id)).ToListAsync(ct);
        foreach (var outside in reports.Where(r => !scope.CoversCollege(r.Student.CollegeId)))
        {
            await scopes.AuditDeniedAsync("report", outside.Id);
            return (StaffOutcome.NotFound, 0);
        }

        var added = 0;
        foreach (var report in reports.Where(r => r.Status == ReportStatus.Verified && r.BatchId == null))
        {
            var draft = await DraftForAsync(report.Student.CollegeId, report.CampaignId, ct);
            report.Batch = draft;
            report.UpdatedAt = transitions.Now;
            added++;
        }

        if (added == 0)
        {
            return (StaffOutcome.NotAllowedInStatus, 0);
        }

        audit.Add(AuditActions.ReportStatusChanged, "batch", null, $"added={added}");
        return (await transitions.SaveAsync(ct), added);
    }

    public async Task<StaffOutcome> RemoveAsync(ClaimsPrincipal user, int reportId, int version, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var report = await db.Reports.Include(r => r.Student).Include(r => r.Batch).FirstOrDefaultAsync(r => r.Id == reportId, ct);
        if (report is null)
        {
            return StaffOutcome.NotFound;
        }

        if (!scope.CoversCollege(report.Student.CollegeId))
        {
            await scopes.AuditDeniedAsync("report", reportId);
            return StaffOutcome.NotFound;
        }

        if (report.Version != version)
        {
            return StaffOutcome.ChangedMeanwhile;
        }

        if (report.Batch?.Status != BatchStatus.Draft)
        {
            return StaffOutcome.NotAllowedInStatus;
        }

        transitions.Expect(report, version);
        report.BatchId = null;
        report.Batch = null;
        report.UpdatedAt = transitions.Now;
        return await transitions.SaveAsync(ct);
    }

    public async Task<(StaffOutcome Outcome, int Count)> SubmitAsync(ClaimsPrincipal user, int batchId, int version, CancellationToken ct)
    {
        var (batch, outcome) = await LoadAsync(user, batchId, version, ct);
        if (batch is null)
        {
            return (outcome, 0);
        }

        if (batch.Status != BatchStatus.Draft)
        {
            return (StaffOutcome.NotAllowedInStatus, 0);
        }

        var reports = await db.Reports.Where(r => r.BatchId == batchId).ToListAsync(ct);
        // A report withdrawn by the student while it sat in the draft leaves the batch here.
        foreach (var gone in reports.Where(r => r.Status != ReportStatus.Verified))
        {
            gone.BatchId = null;
        }

        var sending = reports.Where(r => r.Status == ReportStatus.Verified).ToList();
        if (sending.Count == 0)
        {
            return (StaffOutcome.Invalid, 0);
        }

        transitions.Expect(batch, version);
        batch.Status = BatchStatus.Submitted;
        batch.SubmittedAt = transitions.Now;
        batch.SubmittedByUserId = user.GetUserId();
        foreach (var report in sending)
        {
            transitions.Move(report, ReportStatus.InBatch, user, $"#{batch.Sequence}");
            await transitions.RecalculateAsync(report, ct);
        }

        audit.Add(AuditActions.ReportStatusChanged, "batch", batch.Id, $"submitted;reports={sending.Count}");
        return (await transitions.SaveAsync(ct), sending.Count);
    }

    /// <summary>
    /// Takes a submitted batch back before the registrar opens it: its reports return to Verified and leave the
    /// batch, which is deleted (the reports' history and the audit log keep what happened). The reports can then
    /// be corrected by the counselor's colleagues or put into the next batch.
    /// </summary>
    public async Task<StaffOutcome> RecallAsync(ClaimsPrincipal user, int batchId, int version, CancellationToken ct)
    {
        var (batch, outcome) = await LoadAsync(user, batchId, version, ct);
        if (batch is null)
        {
            return outcome;
        }

        if (batch.Status != BatchStatus.Submitted)
        {
            return StaffOutcome.NotAllowedInStatus;
        }

        // The DELETE carries the version the form showed, so a batch opened meanwhile is not recalled.
        transitions.Expect(batch, version);
        var reports = await db.Reports.Where(r => r.BatchId == batchId).ToListAsync(ct);
        foreach (var report in reports)
        {
            if (report.Status == ReportStatus.InBatch)
            {
                transitions.Move(report, ReportStatus.Verified, user, $"#{batch.Sequence}");
                await transitions.RecalculateAsync(report, ct);
            }

            report.BatchId = null;
        }

        db.Batches.Remove(batch);
        audit.Add(AuditActions.ReportStatusChanged, "batch", batch.Id, $"recalled;reports={reports.Count}");
        return await transitions.SaveAsync(ct);
    }

    private async Task<(CollegeBatch? Batch, StaffOutcome Outcome)> LoadAsync(ClaimsPrincipal user, int batchId, int version, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var batch = await db.Batches.FirstOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null)
        {
            return (null, StaffOutcome.NotFound);
        }

        if (!scope.CoversCollege(batch.CollegeId))
        {
            await scopes.AuditDeniedAsync("batch", batchId);
            return (null, StaffOutcome.NotFound);
        }

        return batch.Version != version ? (null, StaffOutcome.ChangedMeanwhile) : (batch, StaffOutcome.Done);
    }

    private async Task<CollegeBatch> DraftForAsync(int collegeId, int campaignId, CancellationToken ct)
    {
        var tracked = db.ChangeTracker.Entries<CollegeBatch>().Select(e => e.Entity)
            .FirstOrDefault(b => b.CollegeId == collegeId && b.CampaignId == campaignId && b.Status == BatchStatus.Draft);
        if (tracked is not null)
        {
            return tracked;
        }

        var draft = await db.Batches.FirstOrDefaultAsync(b => b.CollegeId == collegeId && b.CampaignId == campaignId && b.Status == BatchStatus.Draft, ct);
        if (draft is not null)
        {
            return draft;
        }

        var last = await db.Batches.Where(b => b.CollegeId == collegeId && b.CampaignId == campaignId).MaxAsync(b => (int?)b.Sequence, ct) ?? 0;
        draft = new CollegeBatch { CollegeId = collegeId, CampaignId = campaignId, Sequence = last + 1, Status = BatchStatus.Draft, CreatedAt = transitions.Now };
        db.Batches.Add(draft);
        return draft;
    }

    public static IQueryable<BatchReportRow> ReportRows(IQueryable<CorrectionReport> reports) =>
        reports.OrderBy(r => r.Student.Class.Name).ThenBy(r => r.Student.StudentNumber).ThenBy(r => r.Id)
            .Select(r => new BatchReportRow(r.Id, r.Version, r.Student.StudentNumber, r.Student.Name, r.Student.Class.Name, r.Field,
                r.ShownValue, r.ProposedValue, r.NeedsProvincialApproval, r.CounselorNote, r.Status, r.VerifiedAt, r.RejectionReason));

    public static IQueryable<BatchSummary> Summaries(IQueryable<CollegeBatch> batches) =>
        batches.OrderBy(b => b.College.Name).ThenBy(b => b.CampaignId).ThenBy(b => b.Sequence)
            .Select(b => new BatchSummary(b.Id, b.Version, b.CollegeId, b.College.Name, b.Campaign.Name, b.Sequence, b.Status,
                b.SubmittedAt, b.OpenedAt, b.Reports.Count,
                b.Reports.Count(r => r.Status == ReportStatus.Corrected || r.Status == ReportStatus.Rejected)));
}
