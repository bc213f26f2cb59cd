using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Campaigns;

/// <summary>
/// The start every per-student change of a campaign shares (a personal deadline, a new 入学类别): the campaign exists
/// and is still open, and the 学号 the registrar typed names a student of its cohort. Read without tracking; a
/// handler that writes guards its write by the student's <see cref="Version"/> or the check row's own version.
/// </summary>
public sealed record CampaignStudent(Campaign Campaign, int StudentId, int Cohort, string IntakeType, int Version)
{
    public static async Task<(CampaignStudent? Found, CampaignCommandResult? Refusal)> FindAsync(
        RegistryDbContext db, int campaignId, string studentNumberField, string? studentNumber, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null)
        {
            return (null, new(CampaignOutcome.NotFound));
        }

        if (campaign.ClosedAt is not null)
        {
            return (null, new(CampaignOutcome.Closed));
        }

        var number = InputNormalizer.Normalize(studentNumber ?? "");
        var student = await db.Students.AsNoTracking().Where(s => s.StudentNumber == number)
            .Select(s => new { s.Id, s.Cohort, s.IntakeType, s.Version }).FirstOrDefaultAsync(ct);
        if (student is null || student.Cohort != campaign.Cohort)
        {
            return (null, new(CampaignOutcome.Invalid, UserMessage.For(studentNumberField, "本次核对的年级中没有这个学号")));
        }

        return (new(campaign, student.Id, student.Cohort, student.IntakeType, student.Version), null);
    }
}
