using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Scopes;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>A nudge (催查) of every student a class's or college's filtered list matches (all pages); returns how many.</summary>
public sealed class NudgeListHandler(RegistryDbContext db, StaffScopes scopes, CampaignClock clock)
{
    public async Task<int> HandleAsync(ClaimsPrincipal user, UnitRef unit, CampaignOption campaign, ListQuery raw, NudgeForm form, CancellationToken ct)
    {
        var query = raw.Normalized();
        var scope = await scopes.ForAsync(user, ct);
        // Only the ids leave the database: an int per student, never the students themselves.
        var ids = await StudentFilter.Filter(StudentFilter.Rows(db, scope, unit, campaign.Id, campaign.Cohort, query.Intake), query)
            .Select(r => r.Check.Id).ToListAsync(ct);
        await NudgeRecord.AddAsync(db, clock.UtcNow, user, ids, form, ct);
        return ids.Count;
    }
}
