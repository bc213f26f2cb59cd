using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>
/// The college administrator gathers verified reports into the college's draft batch of their campaign (one per
/// campaign, created on demand, numbered 1, 2, … per college and campaign).
/// </summary>
/// <remarks>
/// Two races (issue 16, docs/security.md T52). Two first drafts at once: the database keeps one draft per college
/// and campaign and one number per batch; the loser's save fails and it starts again, finding the winner's draft.
/// An add while the draft is being submitted: before writing, the add claims the draft with one
/// UPDATE … SET Version = Version + 1 WHERE Id = … AND Status = Draft in its transaction. That row write queues
/// concurrent adds behind each other (rather than failing them), makes a submit that read the draft before it fail
/// its version check ("changed meanwhile"), and finds nothing to claim once a submit has committed — then the add
/// starts again and the reports go into a new draft. A report can never be left Verified inside a submitted batch.
/// </remarks>
public sealed class AddToBatchHandler(
    RegistryDbContext db, StaffScopes scopes, ReportTransitions transitions, AuditLog audit, ILogger<AddToBatchHandler> logger)
{
    private const int Attempts = 5;

    public async Task<(StaffOutcome Outcome, int Added)> HandleAsync(ClaimsPrincipal user, IReadOnlyCollection<int> reportIds, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        for (var attempt = 1; ; attempt++)
        {
            var (outcome, added) = await TryAsync(scope, reportIds, ct);
            if (outcome != StaffOutcome.Done)
            {
                return (outcome, added);
            }

            // The reads above need no transaction: the claim below re-checks the one thing that matters.
            await using var tx = await db.Database.BeginTransactionAsync(ct);

            try
            {
                await ClaimDraftsAsync(ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return (StaffOutcome.Done, added);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another request created the draft or submitted it in between: start again from what is stored.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                logger.LogInformation("Adding {Count} reports to a batch lost a race (attempt {Attempt}); retrying", reportIds.Count, attempt);
            }
            catch (DbUpdateException)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return (StaffOutcome.ChangedMeanwhile, 0);
            }
        }
    }

    /// <summary>Claims every existing draft this add writes into; one submitted meanwhile makes the attempt start again.</summary>
    private async Task ClaimDraftsAsync(CancellationToken ct)
    {
        var existing = db.ChangeTracker.Entries<CollegeBatch>().Where(e => e.State == EntityState.Unchanged).Select(e => e.Entity.Id).ToList();
        foreach (var id in existing)
        {
            var claimed = await db.Batches.Where(b => b.Id == id && b.Status == BatchStatus.Draft)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Version, b => b.Version + 1), ct);
            if (claimed == 0)
            {
                throw new DbUpdateConcurrencyException($"Draft batch {id} was submitted meanwhile");
            }
        }
    }

    private async Task<(StaffOutcome Outcome, int Added)> TryAsync(ScopeFilter scope, IReadOnlyCollection<int> reportIds, CancellationToken ct)
    {
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
        return (StaffOutcome.Done, added);
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
        draft = new CollegeBatch
        {
            CollegeId = collegeId, CampaignId = campaignId, Sequence = last + 1, Status = BatchStatus.Draft, Kind = BatchKind.Reports,
            CreatedAt = transitions.Now,
        };
        db.Batches.Add(draft);
        return draft;
    }
}
