using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>
/// Loads a batch for a college administrator's command: only a batch of the caller's college (another college's
/// is "not found" and audited as a denial), and only at the version the form showed.
/// </summary>
public static class OwnCollegeBatch
{
    public static async Task<(CollegeBatch? Batch, StaffOutcome Outcome)> LoadAsync(
        RegistryDbContext db, StaffScopes scopes, ClaimsPrincipal user, int batchId, int version, CancellationToken ct)
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
}
