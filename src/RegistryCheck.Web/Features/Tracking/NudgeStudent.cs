using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>A nudge (催查) of one student from the student's page; false when the student has no check in the campaign.</summary>
public sealed class NudgeStudentHandler(RegistryDbContext db, CampaignClock clock)
{
    public async Task<bool> HandleAsync(ClaimsPrincipal user, StudentRef student, CampaignOption campaign, NudgeForm form, CancellationToken ct)
    {
        var checkId = await db.StudentChecks.Where(c => c.CampaignId == campaign.Id && c.StudentId == student.Id)
            .Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        if (checkId is null)
        {
            return false;
        }

        await NudgeRecord.AddAsync(db, clock.UtcNow, user, [checkId.Value], form, ct);
        return true;
    }
}
