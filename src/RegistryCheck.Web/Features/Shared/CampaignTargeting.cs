using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>An open campaign of a cohort and the intake types it names (empty with TargetsRemainingTypes: "the rest").</summary>
public sealed record CampaignTarget(int Id, string Name, int Cohort, bool TargetsRemainingTypes, IReadOnlyList<string> IntakeTypes)
{
    public bool Takes(string intakeType, IReadOnlySet<string> namedElsewhere) =>
        TargetsRemainingTypes ? !namedElsewhere.Contains(intakeType) : IntakeTypes.Contains(intakeType);
}

/// <summary>One student's check that a placement moved from one open campaign to another.</summary>
public sealed record CheckMove(int CheckId, int StudentId, int FromCampaignId, int ToCampaignId);

/// <summary>
/// Puts every student of a cohort into exactly one open campaign: the campaign that names the student's intake type,
/// else the cohort's "every other type" campaign. A student's campaign is then found through the student's own check
/// row (StudentChecks), never by cohort. Placing moves a misplaced check with everything on it (viewed, confirmed,
/// the 学信网 result) and the student's reports of that campaign, and says so in each report's history; it creates
/// the checks still missing. Called by campaign creation, the roster import and an intake-type change, inside
/// their transaction.
/// </summary>
public static class CampaignTargeting
{
    /// <summary>The history note of a moved report; stored as written (the registry's own record), like other notes.</summary>
    public const string MovedNote = "入学类别对应的核对变更：随学生转入核对「{0}」";

    public static async Task<List<CampaignTarget>> OpenTargetsAsync(RegistryDbContext db, int cohort, CancellationToken ct)
    {
        var rows = await db.Campaigns.AsNoTracking()
            .Where(c => c.Cohort == cohort && c.ClosedAt == null)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Name, c.TargetsRemainingTypes, Types = c.IntakeTypes.Select(t => t.IntakeType).ToList() })
            .ToListAsync(ct);
        return rows.Select(c => new CampaignTarget(c.Id, c.Name, cohort, c.TargetsRemainingTypes, c.Types)).ToList();
    }

    /// <summary>The open campaign a student of this cohort and intake type belongs to; null when none targets them.</summary>
    public static CampaignTarget? TargetOf(IReadOnlyList<CampaignTarget> targets, string intakeType)
    {
        var named = targets.Where(t => !t.TargetsRemainingTypes).SelectMany(t => t.IntakeTypes).ToHashSet();
        return targets.FirstOrDefault(t => !t.TargetsRemainingTypes && t.IntakeTypes.Contains(intakeType))
            ?? targets.FirstOrDefault(t => t.Takes(intakeType, named));
    }

    /// <summary>The checks that a placement would move, without moving them (the "N students move" confirmation).</summary>
    public static async Task<List<CheckMove>> PlannedMovesAsync(RegistryDbContext db, int cohort, IReadOnlyList<CampaignTarget> targets, CancellationToken ct)
    {
        var openIds = targets.Select(t => t.Id).ToList();
        // Also the checks a student left in another cohort's open campaign when the roster changed their 年级.
        var placed = await db.StudentChecks.AsNoTracking()
            .Where(k => k.Student.Cohort == cohort && k.Campaign.ClosedAt == null && (openIds.Contains(k.CampaignId) || k.Campaign.Cohort != cohort))
            .Select(k => new { k.Id, k.StudentId, k.CampaignId, k.Student.IntakeType })
            .ToListAsync(ct);
        return placed
            .Select(k => (k, To: TargetOf(targets, k.IntakeType)))
            .Where(x => x.To is not null && x.To.Id != x.k.CampaignId)
            .Select(x => new CheckMove(x.k.Id, x.k.StudentId, x.k.CampaignId, x.To!.Id))
            .ToList();
    }

    /// <summary>Moves the misplaced checks and creates the missing ones; returns the moves made and the checks created.</summary>
    public static async Task<(List<CheckMove> Moves, int Created)> PlaceAsync(RegistryDbContext db, int cohort, DateTime now, CancellationToken ct)
    {
        var targets = await OpenTargetsAsync(db, cohort, ct);
        var moves = await PlannedMovesAsync(db, cohort, targets, ct);
        foreach (var group in moves.GroupBy(m => (m.FromCampaignId, m.ToCampaignId)))
        {
            await MoveAsync(db, group.Key.FromCampaignId, targets.First(t => t.Id == group.Key.ToCampaignId), group.ToList(), now, ct);
        }

        var created = 0;
        foreach (var target in targets)
        {
            created += await InsertMissingAsync(db, target, targets, now, ct);
        }

        return (moves, created);
    }

    private static async Task MoveAsync(RegistryDbContext db, int fromId, CampaignTarget to, List<CheckMove> moves, DateTime now, CancellationToken ct)
    {
        var checkIds = moves.Select(m => m.CheckId).ToList();
        var studentIds = moves.Select(m => m.StudentId).ToList();
        await db.StudentChecks.Where(k => checkIds.Contains(k.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(k => k.CampaignId, to.Id)
                .SetProperty(k => k.MovedFromCampaignId, fromId)
                .SetProperty(k => k.MovedAt, now)
                .SetProperty(k => k.Version, k => k.Version + 1), ct);
        var reports = await db.Reports.AsNoTracking()
            .Where(r => r.CampaignId == fromId && studentIds.Contains(r.StudentId))
            .Select(r => new { r.Id, r.Status })
            .ToListAsync(ct);
        if (reports.Count == 0)
        {
            return;
        }

        var reportIds = reports.Select(r => r.Id).ToList();
        // A report already in a college batch keeps its batch: the hand-over already happened in the old campaign.
        await db.Reports.Where(r => reportIds.Contains(r.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CampaignId, to.Id).SetProperty(r => r.Version, r => r.Version + 1), ct);
        db.ReportHistory.AddRange(reports.Select(r => new ReportHistoryEntry
        {
            ReportId = r.Id, FromStatus = r.Status, ToStatus = r.Status, At = now, ActorName = "系统",
            Note = string.Format(CultureInfo.InvariantCulture, MovedNote, to.Name),
        }));
        await db.SaveChangesAsync(ct);
    }

    // Standard double-quoted SQL as CreateCampaign's insert; every value is a parameter.
    private static async Task<int> InsertMissingAsync(
        RegistryDbContext db, CampaignTarget target, IReadOnlyList<CampaignTarget> targets, DateTime now, CancellationToken ct)
    {
        var types = target.TargetsRemainingTypes
            ? targets.Where(t => !t.TargetsRemainingTypes).SelectMany(t => t.IntakeTypes).Distinct().ToList()
            : target.IntakeTypes.ToList();
        if (!target.TargetsRemainingTypes && types.Count == 0)
        {
            return 0;
        }

        var args = new List<object> { target.Id, (int)CheckState.NotViewed, now, false, target.Cohort };
        var list = string.Join(", ", types.Select((_, i) => "{" + (args.Count + i) + "}"));
        args.AddRange(types);
        var typeFilter = types.Count == 0 ? "" : (target.TargetsRemainingTypes ? " AND s.\"IntakeType\" NOT IN (" : " AND s.\"IntakeType\" IN (") + list + ")";
        var sql =
            """
            INSERT INTO "StudentChecks" ("CampaignId", "StudentId", "State", "StateChangedAt", "IsExempt", "Version", "XuexinState", "XuexinIsLate")
            SELECT {0}, s."Id", {1}, {2}, {3}, 0, 0, {3}
            FROM "Students" s
            WHERE s."Cohort" = {4}
            """ + typeFilter +
            """

              AND NOT EXISTS (SELECT 1 FROM "StudentChecks" x JOIN "Campaigns" c ON c."Id" = x."CampaignId"
                              WHERE x."StudentId" = s."Id" AND c."ClosedAt" IS NULL AND (c."Cohort" = {4} OR x."CampaignId" = {0}))
            """;
        return await db.Database.ExecuteSqlRawAsync(sql, args, ct);
    }
}
