using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Batches;

/// <summary>Arranging batch tests: verified reports stored as the counselor's check leaves them, and the college's page.</summary>
public static class BatchKit
{
    public const string EconomicsClass = "2026级经济学1班";
    public const string ComputingClass = "2026级计算机科学与技术1班";

    /// <summary>A new student of the class with one report the counselor has verified (not yet in a batch).</summary>
    public static async Task<int> VerifiedReportAsync(PortalFactory factory, string className = EconomicsClass)
    {
        var student = await TestStudents.AddAsync(factory, className);
        return await factory.WithDbAsync(async db =>
        {
            var campaign = await db.StudentChecks.Where(c => c.StudentId == student.Id).Select(c => c.CampaignId).FirstAsync();
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            var report = new CorrectionReport
            {
                StudentId = student.Id, CampaignId = campaign, Field = RecordField.Ethnicity, ShownValue = "汉族", ProposedValue = "侗族",
                Reason = "户口本为侗族", Status = ReportStatus.Verified, SubmittedAt = now, UpdatedAt = now, VerifiedAt = now, CounselorNote = "核实无误",
            };
            db.Reports.Add(report);
            await db.SaveChangesAsync();
            return report.Id;
        });
    }

    public static Task<int> DemoCampaignIdAsync(PortalFactory factory) =>
        factory.WithDbAsync(db => db.Campaigns.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

    public static Task<int> CollegeIdAsync(PortalFactory factory, string className) =>
        factory.WithDbAsync(db => db.Classes.Where(c => c.Name == className).Select(c => c.CollegeId).FirstAsync());

    public static Task<List<CollegeBatch>> BatchesAsync(PortalFactory factory, int collegeId) =>
        factory.WithDbAsync(db => db.Batches.AsNoTracking().Include(b => b.Reports).Where(b => b.CollegeId == collegeId).OrderBy(b => b.Sequence).ToListAsync());

    public static async Task<HttpResponseMessageAndFlash> PostZeroReturnAsync(PortalClient college, int campaignId, int collegeId)
    {
        var response = await college.PostFormAsync("/batches/college/zero-return",
            [new("campaignId", campaignId.ToString()), new("collegeId", collegeId.ToString())], "/batches/college");
        var flash = response.StatusCode == System.Net.HttpStatusCode.Redirect ? Corrections.CorrectionSteps.Flash((await college.FollowAsync(response)).Page) : "";
        return new HttpResponseMessageAndFlash(response.StatusCode, flash);
    }
}

public sealed record HttpResponseMessageAndFlash(System.Net.HttpStatusCode Status, string Flash);
