using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.IntegrationTests.Corrections;

/// <summary>信息学院's counselor and college administrator cannot see or touch 经济学院's reports, batches or evidence.</summary>
public class CorrectionScopeTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly CorrectionSteps _steps = new(factory);

    private Task<bool> DeniedAsync(string type, int id, int actorUserId) =>
        factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.AccessDenied && a.TargetType == type
            && a.TargetId == id.ToString() && a.ActorUserId == actorUserId && !a.Succeeded));

    private Task<int> UserIdAsync(string userName) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task Another_colleges_counselor_and_administrator_get_not_found_and_an_access_denied_audit_row()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.Ethnicity, "苗族", "见户口本",
            [("Evidence", "hukou.png", DemoPhotoGenerator.Create(5), "image/png")]);
        var evidenceId = await factory.WithDbAsync(db => db.ReportEvidence.Where(e => e.ReportId == reportId).Select(e => e.Id).SingleAsync());
        var version = (await _steps.ReportRowAsync(reportId)).Version;

        var counselor2 = await _steps.StaffAsync(DemoAccounts.Counselor2, DemoAccounts.Counselor2Password);
        var counselor2Id = await UserIdAsync(DemoAccounts.Counselor2);
        var (_, list) = await counselor2.GetPageAsync("/corrections");
        Assert.Null(list.QuerySelector($"tr[data-report='{reportId}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await counselor2.Http.GetAsync($"/corrections/{reportId}")).StatusCode);
        Assert.True(await DeniedAsync("report", reportId, counselor2Id));
        Assert.Equal(HttpStatusCode.NotFound, (await counselor2.Http.GetAsync($"/corrections/evidence/{evidenceId}")).StatusCode);
        Assert.True(await DeniedAsync("evidence", evidenceId, counselor2Id));
        var verify = await counselor2.PostFormAsync($"/corrections/{reportId}/verify", [new("Version", version.ToString()), new("Note", "x")], "/corrections");
        Assert.Equal(HttpStatusCode.NotFound, verify.StatusCode);
        Assert.Equal(ReportStatus.Submitted, (await _steps.ReportRowAsync(reportId)).Status);

        // The own counselor sees it and verifies; the own college submits it.
        var counselor = await _steps.CounselorAsync();
        await _steps.ReviewAsync(counselor, reportId, "verify", "ok");
        var college2 = await _steps.StaffAsync(DemoAccounts.College2, DemoAccounts.College2Password);
        var college2Id = await UserIdAsync(DemoAccounts.College2);
        var (_, college2Page) = await college2.GetPageAsync("/batches/college");
        Assert.Null(college2Page.QuerySelector($"tr[data-report='{reportId}']"));
        var add = await college2.PostFormAsync("/batches/college/add", [new("reportIds", reportId.ToString())], "/batches/college");
        Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        Assert.Null((await _steps.ReportRowAsync(reportId)).BatchId);

        var batchId = await _steps.SubmitBatchAsync(await _steps.CollegeAsync(), reportId);
        var batchVersion = await factory.WithDbAsync(db => db.Batches.Where(b => b.Id == batchId).Select(b => b.Version).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await college2.Http.GetAsync($"/batches/{batchId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await college2.Http.GetAsync($"/batches/{batchId}/export")).StatusCode);
        var recall = await college2.PostFormAsync($"/batches/{batchId}/recall", [new("version", batchVersion.ToString())], "/batches/college");
        Assert.Equal(HttpStatusCode.NotFound, recall.StatusCode);
        Assert.True(await DeniedAsync("batch", batchId, college2Id));
        Assert.Equal(ReportStatus.InBatch, (await _steps.ReportRowAsync(reportId)).Status);
        Assert.False(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.Export && a.ActorUserId == college2Id)));

        // Counselors have no batch pages and no registrar decisions at all.
        var forbidden = await counselor.Http.GetAsync("/batches");
        Assert.StartsWith("/account/denied", forbidden.Headers.Location!.AbsolutePath);
        var correct = await counselor.PostFormAsync($"/batches/reports/{reportId}/correct", [new("version", "0"), new("batchId", batchId.ToString())], "/corrections");
        Assert.StartsWith("/account/denied", correct.Headers.Location!.AbsolutePath);
    }
}
