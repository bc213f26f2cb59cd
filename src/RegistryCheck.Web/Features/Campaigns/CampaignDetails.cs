using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Features.Campaigns;

public sealed record OverrideRow(string StudentNumber, string Name, string ClassName, DateTime DeadlineOverride);

public sealed record CampaignDetailsView(CampaignRow Campaign, int Version, int OverrideCount, IReadOnlyList<OverrideRow> Overrides)
{
    public bool ForbidNameAndIdNumberTogether { get; init; }

    /// <summary>Evidence files still stored for this campaign's reports, and when the purge deletes them.</summary>
    public EvidenceRetentionView Retention { get; init; } = new(0, 0, null, TimeSpan.Zero);
    /// <summary>"其余所有入学类别" when empty and <see cref="TargetsRemainingTypes"/>.</summary>
    public IReadOnlyList<string> IntakeTypes { get; init; } = [];
    public bool TargetsRemainingTypes { get; init; } = true;
    public DateTime? XuexinOpensAt { get; init; }
    public DateTime? XuexinDeadline { get; init; }
    public DateTime? XuexinOpenedAt { get; init; }
    /// <summary>Checks by 学信网 state (exempt students left out).</summary>
    public IReadOnlyDictionary<RegistryCheck.Data.Entities.XuexinState, int> XuexinCounts { get; init; } = new Dictionary<RegistryCheck.Data.Entities.XuexinState, int>();
    public DateTime? SummaryDeadline { get; init; }
}

/// <summary>Due is null while the campaign is open; the purge also waits for every report to be resolved.</summary>
public sealed record EvidenceRetentionView(int Files, int OpenReports, DateTime? Due, TimeSpan Retention);

/// <summary>One campaign: counts by state, and the students whose deadline was extended alone.</summary>
public sealed class CampaignDetailsHandler(RegistryDbContext db, Microsoft.Extensions.Options.IOptions<RegistryCheck.Web.Features.Shared.EvidenceRetentionOptions> retention)
{
    public const int OverridesShown = 200;

    public async Task<CampaignDetailsView?> HandleAsync(int id, CancellationToken ct)
    {
        var c = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return null;
        }

        var counts = await CampaignCounts.ByStateAsync(db, id, ct);
        var exempt = await CampaignCounts.ExemptAsync(db, id, ct);
        var overrides = db.StudentChecks.AsNoTracking().Where(x => x.CampaignId == id && x.DeadlineOverride != null);
        var overrideCount = await overrides.CountAsync(ct);
        var rows = await overrides
            .OrderByDescending(x => x.DeadlineOverride).ThenBy(x => x.Student.StudentNumber)
            .Take(OverridesShown)
            .Select(x => new OverrideRow(x.Student.StudentNumber, x.Student.Name, x.Student.Class.Name, x.DeadlineOverride!.Value))
            .ToListAsync(ct);
        var row = new CampaignRow(c.Id, c.Name, c.Cohort, c.OpensAt, c.Deadline, c.ClosedAt, counts.GetValueOrDefault(id, []), exempt.GetValueOrDefault(id));
        var files = await db.ReportEvidence.CountAsync(e => e.Report.CampaignId == id, ct);
        var open = await db.Reports.CountAsync(r => r.CampaignId == id && RegistryCheck.Web.Features.Shared.ReportRules.OpenStatuses.Contains(r.Status), ct);
        var types = await db.CampaignIntakeTypes.AsNoTracking().Where(t => t.CampaignId == id).OrderBy(t => t.IntakeType).Select(t => t.IntakeType).ToListAsync(ct);
        var xuexin = await db.StudentChecks.AsNoTracking().Where(x => x.CampaignId == id && !x.IsExempt)
            .GroupBy(x => x.XuexinState).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new CampaignDetailsView(row, c.Version, overrideCount, rows)
        {
            ForbidNameAndIdNumberTogether = c.ForbidNameAndIdNumberTogether, IntakeTypes = types, TargetsRemainingTypes = c.TargetsRemainingTypes,
            XuexinOpensAt = c.XuexinOpensAt, XuexinDeadline = c.XuexinDeadline, XuexinOpenedAt = c.XuexinOpenedAt, XuexinCounts = xuexin,
            SummaryDeadline = c.SummaryDeadline,
            Retention = new(files, open, retention.Value.PurgeDueAt(c.ClosedAt), retention.Value.EvidenceRetention),
        };
    }
}
