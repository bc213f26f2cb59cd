using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Batches;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>
/// Issue 16's batch races as real parallel requests of the college administrator: two first drafts at once, and
/// a report added while the draft is being submitted (docs/security.md T52). A fresh portal per test.
/// </summary>
public sealed class BatchRaceTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    [Fact]
    public async Task Twelve_first_adds_at_once_make_one_draft_numbered_1_holding_every_report_and_no_request_fails()
    {
        var reports = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            reports.Add(await BatchKit.VerifiedReportAsync(_factory));
        }

        var college = await new CorrectionSteps(_factory).CollegeAsync();
        var token = await college.TokenFromAsync("/batches/college");

        var statuses = await Task.WhenAll(reports.Select(async id =>
        {
            using var response = await college.Http.PostAsync("/batches/college/add",
                new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("reportIds", id.ToString())]));
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Redirect, s));
        var economics = await BatchKit.CollegeIdAsync(_factory, BatchKit.EconomicsClass);
        var draft = Assert.Single(await BatchKit.BatchesAsync(_factory, economics));
        Assert.Equal(BatchStatus.Draft, draft.Status);
        Assert.Equal(1, draft.Sequence);
        Assert.Equal(reports.Order(), draft.Reports.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_report_added_while_the_draft_is_submitted_never_ends_up_verified_inside_a_submitted_batch()
    {
        var college = await new CorrectionSteps(_factory).CollegeAsync();
        var token = await college.TokenFromAsync("/batches/college");
        var economics = await BatchKit.CollegeIdAsync(_factory, BatchKit.EconomicsClass);
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 8; round++)
        {
            var first = await BatchKit.VerifiedReportAsync(_factory);
            var late = await BatchKit.VerifiedReportAsync(_factory);
            statuses.Add(await PostAsync(college, token, "/batches/college/add", ("reportIds", first.ToString())));
            var draft = await _factory.WithDbAsync(db => db.Batches.AsNoTracking().SingleAsync(b => b.CollegeId == economics && b.Status == BatchStatus.Draft));

            // The submit and the add leave at the same moment, as two tabs of one administrator would.
            var both = await Task.WhenAll(
                PostAsync(college, token, $"/batches/{draft.Id}/submit", ("version", draft.Version.ToString())),
                PostAsync(college, token, "/batches/college/add", ("reportIds", late.ToString())));
            statuses.AddRange(both);
            await AssertConsistentAsync(economics);

            // Whatever is left in a draft is sent, so the next round starts from "no draft" again.
            var left = await _factory.WithDbAsync(db => db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.CollegeId == economics && b.Status == BatchStatus.Draft));
            if (left is not null)
            {
                statuses.Add(await PostAsync(college, token, $"/batches/{left.Id}/submit", ("version", left.Version.ToString())));
            }

            await AssertConsistentAsync(economics);
            Assert.Equal(ReportStatus.InBatch, await _factory.WithDbAsync(db => db.Reports.Where(r => r.Id == late).Select(r => r.Status).SingleAsync()));
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Redirect, s));
        var numbers = (await BatchKit.BatchesAsync(_factory, economics)).Select(b => b.Sequence).ToList();
        Assert.Equal(numbers.Distinct().Count(), numbers.Count);
    }

    /// <summary>The batch is consistent: no verified report in a submitted batch, no frozen report in a draft, one draft at most.</summary>
    private async Task AssertConsistentAsync(int collegeId)
    {
        var rows = await _factory.WithDbAsync(db => db.Reports.AsNoTracking().Where(r => r.Student.CollegeId == collegeId && r.BatchId != null)
            .Select(r => new { r.Id, r.Status, BatchStatus = r.Batch!.Status }).ToListAsync());
        Assert.DoesNotContain(rows, r => r.Status == ReportStatus.Verified && r.BatchStatus != BatchStatus.Draft);
        Assert.DoesNotContain(rows, r => r.Status == ReportStatus.InBatch && r.BatchStatus == BatchStatus.Draft);
        var drafts = await _factory.WithDbAsync(db => db.Batches.CountAsync(b => b.CollegeId == collegeId && b.Status == BatchStatus.Draft));
        Assert.True(drafts <= 1, $"{drafts} drafts");
    }

    private static async Task<HttpStatusCode> PostAsync(PortalClient client, string token, string url, (string Key, string Value) field)
    {
        using var response = await client.Http.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token), new(field.Key, field.Value)]));
        return response.StatusCode;
    }

    public void Dispose()
    {
        _factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
