using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Features.Corrections;

namespace RegistryCheck.IntegrationTests.Ops;

/// <summary>Issue 16: evidence past its retention is deleted by the job, once, with one audit entry; history stays.</summary>
public class EvidencePurgeTests
{
    private static async Task<(int CampaignId, int ReportId)> ArrangeAsync(PortalFactory f, ReportStatus status, bool closed)
    {
        var student = await TestStudents.AddAsync(f);
        return await f.WithDbAsync(async db =>
        {
            var now = f.Clock.GetUtcNow().UtcDateTime;
            var campaign = new Campaign { Name = "2099级核对", Cohort = 2099, OpensAt = now.AddDays(-30), Deadline = now.AddDays(-1), ClosedAt = closed ? now : null, CreatedAt = now };
            var report = new CorrectionReport
            {
                StudentId = student.Id, Campaign = campaign, Field = RecordField.Ethnicity, ShownValue = "汉族", ProposedValue = "回族", Reason = "户口本为回族",
                Status = status, SubmittedAt = now, UpdatedAt = now, ResolvedAt = status == ReportStatus.Corrected ? now : null,
            };
            report.Evidence.Add(new ReportEvidence { FileName = "户口本.png", ContentType = "image/png", Content = CorrectionSteps.EvidencePng, SizeBytes = CorrectionSteps.EvidencePng.Length, UploadedAt = now });
            report.Evidence.Add(new ReportEvidence { FileName = "身份证.png", ContentType = "image/png", Content = CorrectionSteps.EvidencePng, SizeBytes = CorrectionSteps.EvidencePng.Length, UploadedAt = now });
            report.History.Add(new ReportHistoryEntry { ToStatus = ReportStatus.Submitted, At = now, ActorName = "测试" });
            report.History.Add(new ReportHistoryEntry { FromStatus = ReportStatus.Submitted, ToStatus = status, At = now, ActorName = "测试" });
            db.Reports.Add(report);
            await db.SaveChangesAsync();
            return (campaign.Id, report.Id);
        });
    }

    /// <summary>Two instances' purge at the same moment, each with its own scope and database connection.</summary>
    private static Task RunTwiceAtOnceAsync(PortalFactory f) => Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
    {
        await using var scope = f.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PurgeEvidenceHandler>().RunOnceAsync(CancellationToken.None);
    })));

    private static Task<int> FilesAsync(PortalFactory f, int reportId) => f.WithDbAsync(db => db.ReportEvidence.CountAsync(e => e.ReportId == reportId));

    private static Task<List<AuditEntry>> PurgeAuditsAsync(PortalFactory f, int campaignId) =>
        f.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Action == "evidence-purged" && a.TargetId == campaignId.ToString()).ToListAsync());

    [Fact]
    public async Task A_closed_campaign_past_retention_loses_its_files_once_with_one_audit_entry_and_keeps_its_history()
    {
        using var portal = new PortalFactory();
        var (campaignId, reportId) = await ArrangeAsync(portal, ReportStatus.Corrected, closed: true);

        using var registrar = await new CorrectionSteps(portal).RegistrarAsync();
        var (_, page) = await registrar.GetPageAsync($"/campaigns/{campaignId}");
        Assert.Contains("证明材料将于", page.QuerySelector(".retention-due")!.TextContent);
        Assert.Contains("2 个文件", page.QuerySelector(".retention-files")!.TextContent);

        portal.Clock.Advance(TimeSpan.FromDays(179));
        await RunTwiceAtOnceAsync(portal);
        Assert.Equal(2, await FilesAsync(portal, reportId));

        portal.Clock.Advance(TimeSpan.FromDays(2));
        await RunTwiceAtOnceAsync(portal);
        Assert.Equal(0, await FilesAsync(portal, reportId));
        var audit = Assert.Single(await PurgeAuditsAsync(portal, campaignId));
        Assert.Contains("files=2;", audit.Details);
        Assert.Contains($"bytes={2 * CorrectionSteps.EvidencePng.Length};", audit.Details);
        var report = await portal.WithDbAsync(db => db.Reports.AsNoTracking().Include(r => r.History).SingleAsync(r => r.Id == reportId));
        Assert.Equal(ReportStatus.Corrected, report.Status);
        Assert.Equal(2, report.History.Count);

        // Another run finds nothing and writes nothing.
        await RunTwiceAtOnceAsync(portal);
        Assert.Single(await PurgeAuditsAsync(portal, campaignId));
        // 181 days later the first sign-in has long expired.
        using var later = await new CorrectionSteps(portal).RegistrarAsync();
        (_, page) = await later.GetPageAsync($"/campaigns/{campaignId}");
        Assert.Contains("0 个文件", page.QuerySelector(".retention-files")!.TextContent);
    }

    [Fact]
    public async Task A_withdrawn_reports_files_go_after_thirty_days_while_the_campaign_is_still_open()
    {
        using var portal = new PortalFactory();
        var (campaignId, withdrawnId) = await ArrangeAsync(portal, ReportStatus.Withdrawn, closed: false);
        var kept = await portal.WithDbAsync(async db =>
        {
            var other = await db.Reports.Include(r => r.Evidence).FirstAsync(r => r.Id == withdrawnId);
            var open = new CorrectionReport
            {
                StudentId = other.StudentId, CampaignId = campaignId, Field = RecordField.PoliticalStatus, ShownValue = "群众", ProposedValue = "中共党员",
                Reason = "r", Status = ReportStatus.Submitted, SubmittedAt = other.SubmittedAt, UpdatedAt = other.UpdatedAt,
            };
            open.Evidence.Add(new ReportEvidence { FileName = "a.png", ContentType = "image/png", Content = CorrectionSteps.EvidencePng, SizeBytes = CorrectionSteps.EvidencePng.Length, UploadedAt = other.SubmittedAt });
            db.Reports.Add(open);
            await db.SaveChangesAsync();
            return open.Id;
        });

        portal.Clock.Advance(TimeSpan.FromDays(29));
        await RunTwiceAtOnceAsync(portal);
        Assert.Equal(2, await FilesAsync(portal, withdrawnId));

        portal.Clock.Advance(TimeSpan.FromDays(2));
        await RunTwiceAtOnceAsync(portal);
        Assert.Equal(0, await FilesAsync(portal, withdrawnId));
        Assert.Equal(1, await FilesAsync(portal, kept));
        var audit = Assert.Single(await PurgeAuditsAsync(portal, campaignId));
        Assert.Contains("reason=withdrawn-retention", audit.Details);
        Assert.Equal(2, await portal.WithDbAsync(db => db.ReportHistory.CountAsync(h => h.ReportId == withdrawnId)));
    }
}
