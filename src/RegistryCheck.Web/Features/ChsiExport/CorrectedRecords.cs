using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>A field a correction changed: its CHSI code, whether the change needs the province's approval (the field rule says), before and after.</summary>
public sealed record ChangedField(RecordField Field, string Code, bool NeedsApproval, string OldValue, string NewValue);

/// <summary>One student whose record was corrected: the whole record after correction in <see cref="ChsiColumns"/> order, and what changed.</summary>
public sealed record CorrectedRecord(int StudentId, string StudentNumber, string Name, IReadOnlyList<string> Values, IReadOnlyList<ChangedField> Changes)
{
    public bool NeedsApproval => Changes.Any(c => c.NeedsApproval);
}

public sealed record ChsiCampaign(int Id, string Name, int Cohort);

public sealed record CorrectedRecordSet(ChsiCampaign Campaign, int? CollegeId, string? CollegeName, IReadOnlyList<CorrectedRecord> Records);

/// <summary>
/// The students of a campaign (or of one college) whose record a correction changed: every report the registrar
/// resolved as corrected left a <see cref="StudentRecordChange"/> with its id (photo reports change no field and
/// so are not here: the photo export hands those back). The values are the record as it is now, after correction.
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

        var changes = Changes(campaign.Id, collegeId);
        var rows = await changes.OrderBy(c => c.Id)
            .Select(c => new { c.StudentId, c.Field, c.OldValue, c.NewValue }).ToListAsync(ct);
        var students = await db.Students.AsNoTracking().Include(s => s.College).Include(s => s.Major).Include(s => s.Class)
            .Where(s => changes.Any(c => c.StudentId == s.Id))
            .OrderBy(s => s.College.Name).ThenBy(s => s.Class.Name).ThenBy(s => s.StudentNumber)
            .ToListAsync(ct);
        var byStudent = rows.ToLookup(r => r.StudentId);
        var records = students.Select(s => new CorrectedRecord(s.Id, s.StudentNumber, s.Name,
                ChsiColumns.All.Select(c => c.Value(s)).ToList(),
                byStudent[s.Id].GroupBy(r => r.Field).OrderBy(g => Array.IndexOf(RecordSnapshot.DisplayOrder, g.Key))
                    // Two corrections of one field: from the first old value to the last new one.
                    .Select(g => new ChangedField(g.Key, ChsiColumns.CodeOf(g.Key), FieldRules.NeedsProvincialApproval(g.Key),
                        g.First().OldValue ?? "", g.Last().NewValue ?? ""))
                    .ToList()))
            .ToList();
        return new CorrectedRecordSet(campaign, collegeId, collegeName, records);
    }

    public Task<ChsiCampaign?> FindCampaignAsync(int? campaignId, CancellationToken ct)
    {
        var campaigns = db.Campaigns.AsNoTracking();
        var query = campaignId is int id ? campaigns.Where(c => c.Id == id) : campaigns.OrderByDescending(c => c.OpensAt);
        return query.Select(c => new ChsiCampaign(c.Id, c.Name, c.Cohort)).FirstOrDefaultAsync(ct);
    }

    private IQueryable<StudentRecordChange> Changes(int campaignId, int? collegeId)
    {
        var changes = db.RecordChanges.AsNoTracking()
            .Where(c => db.Reports.Any(r => r.Id == c.ReportId && r.CampaignId == campaignId && r.Status == ReportStatus.Corrected));
        return collegeId is int id ? changes.Where(c => c.Student.CollegeId == id) : changes;
    }
}
