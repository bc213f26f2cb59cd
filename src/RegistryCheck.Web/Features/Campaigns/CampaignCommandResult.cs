using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Campaigns;

public enum CampaignOutcome
{
    Done,
    NotFound,
    Closed,
    ChangedMeanwhile,
    Invalid,
}

/// <summary>What a change of a campaign (deadline, close) came to; an invalid form says why, for its field.</summary>
public sealed record CampaignCommandResult(CampaignOutcome Outcome, UserMessage? Problem = null)
{
    /// <summary>The checks every change of a campaign starts with: it exists, is still open, and is the version the
    /// form was shown with (another registrar's change in between is not overwritten).</summary>
    public static bool Refuses([NotNullWhen(false)] Campaign? campaign, int version, [NotNullWhen(true)] out CampaignCommandResult? refusal)
    {
        refusal = campaign is null ? new(CampaignOutcome.NotFound)
            : campaign.ClosedAt is not null ? new(CampaignOutcome.Closed)
            : campaign.Version != version ? new(CampaignOutcome.ChangedMeanwhile)
            : null;
        return refusal is not null;
    }

    /// <summary>Saves a change of the campaign only if it is still the version the form was shown with: EF compares
    /// the version in the UPDATE's WHERE, so another registrar's change saved in between fails this one.</summary>
    public static async Task<CampaignCommandResult> SaveAtVersionAsync(RegistryDbContext db, Campaign campaign, int version, CancellationToken ct)
    {
        db.Entry(campaign).Property(c => c.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(ct);
            return new(CampaignOutcome.Done);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(CampaignOutcome.ChangedMeanwhile);
        }
    }
}
