using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>What the three batch exports read alike: the campaign asked for (else the newest) and the rows of the workbook.</summary>
public static class ExportQueries
{
    public static Task<Campaign?> CampaignAsync(RegistryDbContext db, int? campaignId, CancellationToken ct) =>
        campaignId is int id
            ? db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct)
            : db.Campaigns.AsNoTracking().OrderByDescending(c => c.OpensAt).FirstOrDefaultAsync(ct);

    public static IQueryable<ExportRow> Rows(IQueryable<CorrectionReport> reports) =>
        reports.AsNoTracking()
            .OrderBy(r => r.Student.College.Name).ThenBy(r => r.Student.Class.Name).ThenBy(r => r.Student.StudentNumber).ThenBy(r => r.Id)
            .Select(r => new ExportRow(r.Student.College.Name, r.Student.StudentNumber, r.Student.ExamNumber, r.Student.Name, r.Student.IdNumber,
                r.Student.Class.Name, r.Field, r.ShownValue, r.ProposedValue, r.Reason, r.NeedsProvincialApproval, r.CounselorNote, r.SubmittedAt,
                r.Status, r.RejectionReason, r.ResolvedAt, r.Batch == null ? null : r.Batch.Sequence, r.Kind, r.SeenOn));
}
