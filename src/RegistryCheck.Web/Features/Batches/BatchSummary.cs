using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>A batch with its counts, as the lists of batches show it.</summary>
public sealed record BatchSummary(
    int Id, int Version, int CollegeId, string CollegeName, string CampaignName, int Sequence, BatchStatus Status,
    DateTime? SubmittedAt, DateTime? OpenedAt, int Reports, int Resolved, BatchKind Kind = BatchKind.Reports, bool IsLate = false)
{
    public static IQueryable<BatchSummary> Query(IQueryable<CollegeBatch> batches) =>
        batches.OrderBy(b => b.College.Name).ThenBy(b => b.CampaignId).ThenBy(b => b.Sequence)
            .Select(b => new BatchSummary(b.Id, b.Version, b.CollegeId, b.College.Name, b.Campaign.Name, b.Sequence, b.Status,
                b.SubmittedAt, b.OpenedAt, b.Reports.Count,
                b.Reports.Count(r => r.Status == ReportStatus.Corrected || r.Status == ReportStatus.Rejected), b.Kind, b.IsLate));
}
