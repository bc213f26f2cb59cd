using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Features.Corrections;

namespace RegistryCheck.IntegrationTests.Corrections;

/// <summary>Phone reports open from before the direct edit are closed with a note, once, with their history.</summary>
public class ClosePhoneReportsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<int> StoreAsync(int studentId, RecordField field, ReportStatus status) => await factory.WithDbAsync(async db =>
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var campaignId = await db.StudentChecks.Where(c => c.StudentId == studentId).Select(c => c.CampaignId).SingleAsync();
        var report = new CorrectionReport
        {
            StudentId = studentId, CampaignId = campaignId, Field = field, ShownValue = "13800000000", ProposedValue = "13900000000",
            Reason = "换号", Status = status, SubmittedAt = now, UpdatedAt = now,
        };
        db.Reports.Add(report);
        await db.SaveChangesAsync();
        return report.Id;
    });

    /// <summary>What a start-up runs (ClosePhoneReportsAtStartup), called as a second start would.</summary>
    private async Task<int> RunStepAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClosePhoneReportsHandler>().HandleAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Open_phone_reports_are_closed_with_the_note_and_history_and_the_student_sees_why()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var open = await StoreAsync(student.Id, RecordField.Phone, ReportStatus.Submitted);
        var withdrawn = await StoreAsync(student.Id, RecordField.Phone, ReportStatus.Withdrawn);
        var name = await StoreAsync(student.Id, RecordField.Ethnicity, ReportStatus.Submitted);

        Assert.True(await RunStepAsync() >= 1);
        Assert.Equal(0, await RunStepAsync());

        var rows = await factory.WithDbAsync(db => db.Reports.AsNoTracking().Include(r => r.History)
            .Where(r => r.StudentId == student.Id).ToDictionaryAsync(r => r.Id));
        Assert.Equal(ReportStatus.Rejected, rows[open].Status);
        Assert.Equal(ClosePhoneReportsHandler.Note, rows[open].RejectionReason);
        var entry = Assert.Single(rows[open].History);
        Assert.Equal((ReportStatus?)ReportStatus.Submitted, entry.FromStatus);
        Assert.Equal(ReportStatus.Rejected, entry.ToStatus);
        Assert.Equal(ClosePhoneReportsHandler.Actor, entry.ActorName);
        Assert.Equal(ClosePhoneReportsHandler.Note, entry.Note);
        Assert.Equal(ReportStatus.Withdrawn, rows[withdrawn].Status);
        Assert.Empty(rows[withdrawn].History);
        Assert.Equal(ReportStatus.Submitted, rows[name].Status);

        var (_, page) = await client.GetPageAsync("/me");
        Assert.Contains(ClosePhoneReportsHandler.Note, page.QuerySelector("#reports")!.TextContent);
    }
}
