using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>Undoes an exemption (<see cref="ExemptHandler"/>): the student counts again.</summary>
public sealed class UnexemptHandler(RegistryDbContext db, AuditLog audit)
{
    public async Task<ExemptOutcome> HandleAsync(StudentRef student, CampaignOption campaign, CancellationToken ct)
    {
        var check = await db.StudentChecks.FirstOrDefaultAsync(c => c.CampaignId == campaign.Id && c.StudentId == student.Id, ct);
        if (check is null)
        {
            return ExemptOutcome.NoCheck;
        }

        check.IsExempt = false;
        check.ExemptReason = null;
        audit.Add(AuditActions.ExemptionChanged, "student", student.Id, $"exemption undone; campaign={campaign.Id}");
        await db.SaveChangesAsync(ct);
        return ExemptOutcome.Done;
    }
}
