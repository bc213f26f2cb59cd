using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>A field a correction changed: its CHSI code, whether the change needs the province's approval (the field rule says), before and after.</summary>
public sealed record ChangedField(RecordField Field, string Code, bool NeedsApproval, string OldValue, string NewValue);

/// <summary>
/// One student whose record was corrected: the whole record after correction in <see cref="ChsiColumns"/> order,
/// what changed, and where the errors were seen (one 学信网-only report and one portal-only report make "both").
/// </summary>
public sealed record CorrectedRecord(int StudentId, string StudentNumber, string Name, IReadOnlyList<string> Values, IReadOnlyList<ChangedField> Changes,
    SeenOn SeenOn = SeenOn.Portal)
{
    public bool NeedsApproval => Changes.Any(c => c.NeedsApproval);

    /// <summary>Where a student's corrected errors were seen, taken together.</summary>
    public static SeenOn Combine(IEnumerable<SeenOn> seen)
    {
        var all = seen.ToHashSet();
        return all.Contains(SeenOn.Both) || (all.Contains(SeenOn.Portal) && all.Contains(SeenOn.Xuexin)) ? SeenOn.Both
            : all.Contains(SeenOn.Xuexin) ? SeenOn.Xuexin : SeenOn.Portal;
    }
}

public sealed record ChsiCampaign(int Id, string Name, int Cohort);

public sealed record CorrectedRecordSet(ChsiCampaign Campaign, int? CollegeId, string? CollegeName, IReadOnlyList<CorrectedRecord> Records);

/// <summary>
/// The students of a campaign (or of one college) whose record CHSI must correct: every report the registrar
/// resolved as corrected that left a <see cref="StudentRecordChange"/> with its id, and every corrected report seen
/// on 学信网 even when the portal's value was already right (issue 15). Photo reports change no field and so are not
/// here: the photo export hands those back. The values are the record as it is now, after correction.
/// </summary>
public sealed class CorrectedRecordsHandler(RegistryDbContext db)
{
    public async Task<CorrectedRecordSet?> LoadAsync(int? campaignId, int? collegeId, CancellationToken ct)
    {
        var campaign = await FindCampaignAsync(campaignId, ct);
        if (campaign is null)
        {
            return null;
        }

        string? collegeName = null;
        if (collegeId is int cid)
        {
            collegeName = await db.Colleges.Where(c => c.Id == cid).Select(c => c.Name).FirstOrDefaultAsync(ct);
            if (collegeName is null)
            {
                return null;
            }
        }

        var reports = Reports(campaign.Id, collegeId);
        var decided = await reports.OrderBy(r => r.Id)
            .Select(r => new Decided(r.Id, r.StudentId, r.Field, r.SeenOn, r.ShownValue, r.ProposedValue)).ToListAsync(ct);
        var changes = (await db.RecordChanges.AsNoTracking().Where(c => reports.Any(r => r.Id == c.ReportId)).OrderBy(c => c.Id)
            .Select(c => new { ReportId = c.ReportId!.Value, c.Field, c.OldValue, c.NewValue }).ToListAsync(ct))
            .ToLookup(c => c.ReportId, c => new Change(c.Field, c.OldValue ?? "", c.NewValue ?? ""));
        var students = await db.Students.AsNoTracking().Include(s => s.College).Include(s => s.Major).Include(s => s.Class)
            .Where(s => reports.Any(r => r.StudentId == s.Id))
            .OrderBy(s => s.College.Name).ThenBy(s => s.Class.Name).ThenBy(s => s.StudentNumber)
            .ToListAsync(ct);
        var byStudent = decided.ToLookup(r => r.StudentId);
        var records = students.Select(s => new CorrectedRecord(s.Id, s.StudentNumber, s.Name,
                ChsiColumns.All.Select(c => c.Value(s)).ToList(),
                byStudent[s.Id].SelectMany(r => ChangesOf(r, changes[r.Id])).GroupBy(c => c.Field)
                    .OrderBy(g => Array.IndexOf(RecordSnapshot.DisplayOrder, g.Key))
                    // Two corrections of one field: from the first old value to the last new one.
                    .Select(g => new ChangedField(g.Key, ChsiColumns.CodeOf(g.Key), FieldRules.NeedsProvincialApproval(g.Key),
                        g.First().OldValue, g.Last().NewValue))
                    .ToList(),
                CorrectedRecord.Combine(byStudent[s.Id].Select(r => r.SeenOn))))
            .ToList();
        return new CorrectedRecordSet(campaign, collegeId, collegeName, records);
    }

    public Task<ChsiCampaign?> FindCampaignAsync(int? campaignId, CancellationToken ct)
    {
        var campaigns = db.Campaigns.AsNoTracking();
        var query = campaignId is int id ? campaigns.Where(c => c.Id == id) : campaigns.OrderByDescending(c => c.OpensAt);
        return query.Select(c => new ChsiCampaign(c.Id, c.Name, c.Cohort)).FirstOrDefaultAsync(ct);
    }

    private sealed record Decided(int Id, int StudentId, RecordField Field, SeenOn SeenOn, string ShownValue, string ProposedValue);

    private sealed record Change(RecordField Field, string OldValue, string NewValue);

    /// <summary>
    /// What CHSI must change for one corrected report. Seen only on 学信网, CHSI holds the value the student saw there
    /// (the report's shown value), whatever the portal held; and the field counts as changed even when the portal
    /// already had the right value and so kept it (the decision may then have left no change, or one from X to X).
    /// </summary>
    private static IEnumerable<Change> ChangesOf(Decided report, IEnumerable<Change> stored)
    {
        var changes = stored.ToList();
        if (report.SeenOn != SeenOn.Xuexin)
        {
            return changes;
        }

        var own = changes.FindIndex(c => c.Field == report.Field);
        var chsi = new Change(report.Field, report.ShownValue, own >= 0 ? changes[own].NewValue : report.ProposedValue);
        return own >= 0 ? changes.Select((c, i) => i == own ? chsi : c) : [chsi, .. changes];
    }

    /// <summary>
    /// The corrected reports behind the hand-back: those that changed a field of the record, and those seen on 学信网
    /// (CHSI must correct its copy even when the portal's was right). A photo report changes no field and goes back
    /// through the photo export instead.
    /// </summary>
    private IQueryable<CorrectionReport> Reports(int campaignId, int? collegeId)
    {
        var reports = db.Reports.AsNoTracking()
            .Where(r => r.CampaignId == campaignId && r.Status == ReportStatus.Corrected && r.Field != RecordField.Photo
                && (r.SeenOn != SeenOn.Portal || db.RecordChanges.Any(c => c.ReportId == r.Id)));
        return collegeId is int id ? reports.Where(r => r.Student.CollegeId == id) : reports;
    }
}
