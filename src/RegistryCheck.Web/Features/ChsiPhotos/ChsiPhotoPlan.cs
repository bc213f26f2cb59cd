using System.Text;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.ChsiPhotos;

/// <summary>One JPEG of the zip: the student and the id of the photo that replaced the reported one.</summary>
public sealed record ChsiPhotoEntry(int StudentId, string StudentNumber, string EntryName, int PhotoId);

/// <summary>A student whose corrected photo report gives no file, with why (shown on the page and in the note).</summary>
public sealed record ChsiPhotoLeftOut(string StudentNumber, string Name, UserMessage Reason);

public sealed record ChsiCollegeOption(int Id, string Name);

public sealed record ChsiPhotoPlan(
    int CampaignId, string CampaignName, int? CollegeId, string? CollegeName, ChsiPhotoNaming Naming,
    IReadOnlyList<ChsiCollegeOption> Colleges, IReadOnlyList<ChsiPhotoEntry> Entries, IReadOnlyList<ChsiPhotoLeftOut> LeftOut);

/// <summary>
/// Who goes into "Photos for CHSI": each student of the campaign (or of one college) with a corrected photo report,
/// whose current photo was uploaded after the report (so it is the replacement, not the photo reported as wrong).
/// </summary>
public sealed class ChsiPhotoPlanHandler(RegistryDbContext db)
{
    public async Task<ChsiPhotoPlan?> PlanAsync(ScopeFilter scope, int campaignId, int? collegeId, ChsiPhotoNaming naming, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(ct);
        if (campaign is null || (collegeId is int college && !scope.CoversCollege(college)))
        {
            return null;
        }

        var colleges = await scope.Colleges(db.Colleges.AsNoTracking(), db.Classes.AsNoTracking())
            .OrderBy(c => c.Name).Select(c => new ChsiCollegeOption(c.Id, c.Name)).ToListAsync(ct);
        var students = scope.Students(db.Students.AsNoTracking());
        if (collegeId is int only)
        {
            students = students.Where(s => s.CollegeId == only);
        }

        var rows = await students
            .Select(s => new
            {
                s.Id, s.StudentNumber, s.Name, s.ExamNumber, s.IdNumber,
                CorrectedAt = db.Reports.Where(r => r.StudentId == s.Id && r.CampaignId == campaignId
                        && r.Field == RecordField.Photo && r.Status == ReportStatus.Corrected)
                    .Max(r => (DateTime?)r.SubmittedAt),
                Photo = db.AdmissionPhotos.Where(p => p.StudentId == s.Id && p.IsCurrent)
                    .Select(p => new { p.Id, p.UploadedAt }).FirstOrDefault(),
            })
            .Where(s => s.CorrectedAt != null)
            .OrderBy(s => s.StudentNumber)
            .ToListAsync(ct);

        var entries = new List<ChsiPhotoEntry>();
        var leftOut = new List<ChsiPhotoLeftOut>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in rows)
        {
            var key = naming == ChsiPhotoNaming.ExamNumber ? s.ExamNumber : s.IdNumber;
            UserMessage? problem = s.Photo is null ? new("没有当前照片")
                : s.Photo.UploadedAt <= s.CorrectedAt ? new("照片尚未替换（当前照片早于照片报告），请先通过照片导入替换")
                : string.IsNullOrWhiteSpace(key) ? new("没有考生号")
                : !names.Add(SafeName(key)) ? new("文件名与另一名学生重复") : null;
            if (problem is null)
            {
                entries.Add(new(s.Id, s.StudentNumber, SafeName(key!) + ".jpg", s.Photo!.Id));
            }
            else
            {
                leftOut.Add(new(s.StudentNumber, s.Name, problem));
            }
        }

        var collegeName = colleges.FirstOrDefault(c => c.Id == collegeId)?.Name;
        return new(campaign.Id, campaign.Name, collegeId, collegeName, naming, colleges, entries, leftOut);
    }

    /// <summary>考生号 and 身份证号 are letters and digits; anything else could steer a path inside the zip.</summary>
    private static string SafeName(string key)
    {
        var b = new StringBuilder(key.Length);
        foreach (var ch in key.Trim())
        {
            b.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '_');
        }

        return b.ToString();
    }
}
