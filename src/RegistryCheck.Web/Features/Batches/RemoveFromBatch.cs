using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>Takes a report out of the college's draft batch; it waits, verified, for the next one.</summary>
public sealed class RemoveFromBatchHandler(RegistryDbContext db, StaffScopes scopes, ReportTransitions transitions)
{
    public async Task<StaffOutcome> HandleAsync(ClaimsPrincipal user, int reportId, int version, CancellationToken ct)
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
}
