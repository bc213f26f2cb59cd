using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Batches;

/// <summary>
/// Issue 15's summary deadline (汇总截止) and 零报告, over HTTP as the registrar and the two college administrators do it.
/// A fresh portal per test: each test decides what the colleges have submitted.
/// </summary>
public sealed class CollegeSummaryDeadlineTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    [Fact]
    public async Task The_registrar_sets_the_summary_deadline_and_a_batch_submitted_after_it_is_accepted_and_marked_late()
    {
        var steps = new CorrectionSteps(_factory);
        var campaignId = await BatchKit.DemoCampaignIdAsync(_factory);
        var registrar = await steps.RegistrarAsync();
        var (_, details) = await registrar.GetPageAsync($"/campaigns/{campaignId}");
        var version = CorrectionSteps.VersionOn(details, "form.summary-deadline-form");
        var due = PortalFactory.Start.AddDays(2).ToOffset(TimeSpan.FromHours(8));
        var set = await registrar.PostFormAsync($"/campaigns/{campaignId}/summary-deadline",
            [new("Version", version.ToString()), new("NewSummaryDeadline", due.ToString("yyyy-MM-ddTHH:mm"))], $"/campaigns/{campaignId}");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var stored = await _factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.SummaryDeadline).SingleAsync());
        Assert.Equal(due.UtcDateTime, stored);
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.DeadlineChanged && a.Details!.Contains("scope=colleges"))));

        var onTime = await BatchKit.VerifiedReportAsync(_factory);
        var college = await steps.CollegeAsync();
        var firstBatch = await steps.SubmitBatchAsync(college, onTime);
        _factory.Clock.Advance(TimeSpan.FromDays(3));
        // Three days on, the sessions have expired: both sign in again.
        college = await steps.CollegeAsync();
        registrar = await steps.RegistrarAsync();
        var late = await BatchKit.VerifiedReportAsync(_factory);
        var (_, collegePage) = await college.GetPageAsync("/batches/college");
        Assert.Contains("1 条已核实待报送", collegePage.QuerySelector("section.summary-deadlines")!.TextContent);
        var secondBatch = await steps.SubmitBatchAsync(college, late);

        var batches = await _factory.WithDbAsync(db => db.Batches.AsNoTracking().Where(b => b.Id == firstBatch || b.Id == secondBatch).OrderBy(b => b.Id).ToListAsync());
        Assert.Equal(new[] { false, true }, batches.Select(b => b.IsLate));
        Assert.All(batches, b => Assert.Equal(BatchStatus.Submitted, b.Status));
        var (_, list) = await registrar.GetPageAsync($"/batches?campaignId={campaignId}");
        Assert.Contains("逾期报送", list.QuerySelector($"tr[data-batch='{secondBatch}']")!.TextContent);
        Assert.DoesNotContain("逾期报送", list.QuerySelector($"tr[data-batch='{firstBatch}']")!.TextContent);
    }

    [Fact]
    public async Task The_registrar_page_shows_each_college_submitted_with_when_and_by_whom_zero_return_or_not_yet_with_the_days_late()
    {
        var steps = new CorrectionSteps(_factory);
        var campaignId = await BatchKit.DemoCampaignIdAsync(_factory);
        var economics = await BatchKit.CollegeIdAsync(_factory, BatchKit.EconomicsClass);
        var computing = await BatchKit.CollegeIdAsync(_factory, BatchKit.ComputingClass);
        var due = PortalFactory.Start.UtcDateTime.AddDays(1);
        await _factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s.SetProperty(c => c.SummaryDeadline, due)));
        var registrar = await steps.RegistrarAsync();

        var (_, before) = await registrar.GetPageAsync($"/batches?campaignId={campaignId}");
        var economicsRow = before.QuerySelector($"table.college-summary tr[data-college='{economics}']")!;
        Assert.Equal("NotYet", economicsRow.GetAttribute("data-state"));
        Assert.Contains("还剩 1 天", economicsRow.TextContent);

        await steps.SubmitBatchAsync(await steps.CollegeAsync(), await BatchKit.VerifiedReportAsync(_factory));
        _factory.Clock.Advance(TimeSpan.FromDays(4));
        registrar = await steps.RegistrarAsync();
        var (_, after) = await registrar.GetPageAsync($"/batches?campaignId={campaignId}");
        var rows = after.QuerySelectorAll("table.college-summary tbody tr").ToList();
        Assert.True(rows.Count >= 2, "every college with students in the campaign has a row");
        var submitted = after.QuerySelector($"table.college-summary tr[data-college='{economics}']")!;
        Assert.Equal("Submitted", submitted.GetAttribute("data-state"));
        Assert.Contains("经济学院教务员", submitted.TextContent);
        var notYet = after.QuerySelector($"table.college-summary tr[data-college='{computing}']")!;
        Assert.Equal("NotYet", notYet.GetAttribute("data-state"));
        Assert.Contains("已逾期 3 天", notYet.TextContent);
        Assert.Contains("暂无待报送的报告", notYet.TextContent);

        var college2 = await steps.StaffAsync(DemoAccounts.College2, DemoAccounts.College2Password);
        Assert.Contains("已报送零报告", (await BatchKit.PostZeroReturnAsync(college2, campaignId, computing)).Flash);
        var (_, last) = await registrar.GetPageAsync($"/batches?campaignId={campaignId}");
        var zero = last.QuerySelector($"table.college-summary tr[data-college='{computing}']")!;
        Assert.Equal("ZeroReturn", zero.GetAttribute("data-state"));
        Assert.Contains("信息学院教务员", zero.TextContent);
        Assert.Contains("逾期报送", zero.TextContent);
    }

    [Fact]
    public async Task A_zero_return_is_accepted_once_refused_while_verified_reports_wait_and_a_report_verified_later_goes_into_a_new_batch()
    {
        var steps = new CorrectionSteps(_factory);
        var campaignId = await BatchKit.DemoCampaignIdAsync(_factory);
        var economics = await BatchKit.CollegeIdAsync(_factory, BatchKit.EconomicsClass);
        var computing = await BatchKit.CollegeIdAsync(_factory, BatchKit.ComputingClass);

        // Refused while a verified report waits: in the list, and again once it sits in the draft.
        var waiting = await BatchKit.VerifiedReportAsync(_factory);
        var college = await steps.CollegeAsync();
        var refused = await BatchKit.PostZeroReturnAsync(college, campaignId, economics);
        Assert.Contains("还有 1 条已核实的报告未报送", refused.Flash);
        await college.PostFormAsync("/batches/college/add", [new("reportIds", waiting.ToString())], "/batches/college");
        Assert.Contains("还有 1 条已核实的报告未报送", (await BatchKit.PostZeroReturnAsync(college, campaignId, economics)).Flash);
        Assert.DoesNotContain(await BatchKit.BatchesAsync(_factory, economics), b => b.Kind == BatchKind.ZeroReturn);

        // Accepted once.
        var college2 = await steps.StaffAsync(DemoAccounts.College2, DemoAccounts.College2Password);
        var (_, page) = await college2.GetPageAsync("/batches/college");
        Assert.NotNull(page.QuerySelector($"tr[data-college='{computing}'] form.zero-return-form"));
        Assert.Contains("已报送零报告", (await BatchKit.PostZeroReturnAsync(college2, campaignId, computing)).Flash);
        Assert.Contains("不能再报零报告", (await BatchKit.PostZeroReturnAsync(college2, campaignId, computing)).Flash);
        var zero = Assert.Single(await BatchKit.BatchesAsync(_factory, computing));
        Assert.Equal(BatchKind.ZeroReturn, zero.Kind);
        Assert.Empty(zero.Reports);
        Assert.NotNull(zero.SubmittedAt);
        (_, page) = await college2.GetPageAsync("/batches/college");
        Assert.Null(page.QuerySelector("form.zero-return-form"));

        // A report verified afterwards: the registrar sees it waiting, then in batch 2.
        var afterwards = await BatchKit.VerifiedReportAsync(_factory, BatchKit.ComputingClass);
        var registrar = await steps.RegistrarAsync();
        var (_, list) = await registrar.GetPageAsync($"/batches?campaignId={campaignId}");
        var row = list.QuerySelector($"table.college-summary tr[data-college='{computing}']")!;
        Assert.Equal("ZeroReturn", row.GetAttribute("data-state"));
        Assert.Contains("1 条已核实待报送", row.TextContent);
        var second = await steps.SubmitBatchAsync(college2, afterwards);
        var batches = await BatchKit.BatchesAsync(_factory, computing);
        Assert.Equal(new[] { (1, BatchKind.ZeroReturn), (2, BatchKind.Reports) }, batches.Select(b => (b.Sequence, b.Kind)));
        Assert.Equal(second, batches[1].Id);
        Assert.Equal(ReportStatus.InBatch, (await steps.ReportRowAsync(afterwards)).Status);
        (_, list) = await registrar.GetPageAsync($"/batches?campaignId={campaignId}");
        Assert.Equal("Submitted", list.QuerySelector($"table.college-summary tr[data-college='{computing}']")!.GetAttribute("data-state"));
        Assert.NotNull(list.QuerySelector($"tr[data-batch='{second}']"));
    }

    [Fact]
    public async Task Another_colleges_administrator_cannot_send_a_zero_return_for_it()
    {
        var steps = new CorrectionSteps(_factory);
        var campaignId = await BatchKit.DemoCampaignIdAsync(_factory);
        var computing = await BatchKit.CollegeIdAsync(_factory, BatchKit.ComputingClass);
        var college = await steps.CollegeAsync();

        var response = await BatchKit.PostZeroReturnAsync(college, campaignId, computing);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Empty(await BatchKit.BatchesAsync(_factory, computing));
    }

    public void Dispose()
    {
        _factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
