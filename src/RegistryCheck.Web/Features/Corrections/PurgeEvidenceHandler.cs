using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Corrections;

/// <summary>
/// Deletes evidence files that are past their retention (ADR-019): all files of a closed campaign whose reports are all
/// resolved, EvidenceRetention after it closed; a withdrawn report's files WithdrawnEvidenceRetention after the
/// withdrawal. Reports, their history and the record's change history stay. Safe on several instances: each campaign is
/// done in one transaction that first updates the campaign's row, so a second instance waits for the first to commit
/// and then finds nothing left; the audit entry (one per campaign and run, with counts only) is in the same transaction.
/// </summary>
public sealed class PurgeEvidenceHandler(RegistryDbContext db, TimeProvider time, AuditLog audit,
    IOptions<EvidenceRetentionOptions> options, ILogger<PurgeEvidenceHandler> logger)
{
    /// <summary>Returns the number of files deleted by this call.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var o = options.Value;
        var closedBefore = now - o.EvidenceRetention;
        var withdrawnBefore = now - o.WithdrawnEvidenceRetention;
        var campaigns = await db.ReportEvidence.AsNoTracking()
            .Where(e => (e.Report.Campaign.ClosedAt != null && e.Report.Campaign.ClosedAt < closedBefore)
                || (e.Report.Status == ReportStatus.Withdrawn && e.Report.UpdatedAt < withdrawnBefore))
            .Select(e => e.Report.CampaignId).Distinct().ToListAsync(ct);
        var deleted = 0;
        foreach (var campaignId in campaigns)
        {
            deleted += await PurgeCampaignAsync(campaignId, closedBefore, withdrawnBefore, ct);
        }

        return deleted;
    }

    private async Task<int> PurgeCampaignAsync(int campaignId, DateTime closedBefore, DateTime withdrawnBefore, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The claim: a write on the campaign's row holds it (row lock on PostgreSQL/SQL Server, the write lock on
        // SQLite) until commit; what is read after it is what no other instance has deleted.
        await db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version), ct);
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId)
            .Select(c => new { c.ClosedAt, Open = db.Reports.Any(r => r.CampaignId == c.Id && ReportRules.OpenStatuses.Contains(r.Status)) })
            .SingleAsync(ct);
        var wholeCampaign = campaign.ClosedAt < closedBefore && !campaign.Open;
        var due = db.ReportEvidence.Where(e => e.Report.CampaignId == campaignId
            && (wholeCampaign || (e.Report.Status == ReportStatus.Withdrawn && e.Report.UpdatedAt < withdrawnBefore)));
        var rows = await due.Select(e => new { e.ReportId, e.SizeBytes, Withdrawn = e.Report.Status == ReportStatus.Withdrawn }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return 0;
        }

        var deleted = await due.ExecuteDeleteAsync(ct);
        var details = string.Create(CultureInfo.InvariantCulture,
            $"files={deleted};bytes={rows.Sum(r => (long)r.SizeBytes)};reports={rows.Select(r => r.ReportId).Distinct().Count()};withdrawnFiles={rows.Count(r => r.Withdrawn)};reason={(wholeCampaign ? "campaign-retention" : "withdrawn-retention")}");
        audit.Add(AuditActions.EvidencePurged, "campaign", campaignId, details);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Evidence purge deleted {Files} files of campaign {CampaignId}", deleted, campaignId);
        return deleted;
    }
}
