using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>Double clicks as real parallel requests of one signed-in browser: no server error, one result.</summary>
public class DoubleSubmitTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const int Clicks = 12;

    [Fact]
    public async Task Confirming_twelve_times_at_once_gives_no_server_error_and_leaves_the_record_confirmed()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        using var _ = client;
        var token = await client.TokenFromAsync("/me");

        var statuses = await Task.WhenAll(Enumerable.Range(0, Clicks).Select(async _ =>
        {
            using var response = await client.Http.PostAsync("/me/confirm", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Redirect, s));
        var check = await factory.WithDbAsync(db => db.StudentChecks.AsNoTracking().SingleAsync(c => c.StudentId == student.Id));
        Assert.NotNull(check.ConfirmedAt);
        Assert.Equal(CheckState.Confirmed, check.State);
    }

    [Fact]
    public async Task The_same_report_sent_twelve_times_at_once_is_stored_once_and_no_request_fails()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        using var _ = client;
        var token = await client.TokenFromAsync("/me/report?field=PoliticalStatus");

        var statuses = await Task.WhenAll(Enumerable.Range(0, Clicks).Select(async _ =>
        {
            using var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("PoliticalStatus"), "Field" },
                { new StringContent("中共党员"), "ProposedValue" },
                { new StringContent("Correction"), "Kind" },
                { new StringContent("入学前已入党"), "Reason" },
            };
            using var response = await client.Http.PostAsync("/me/report", content);
            return response.StatusCode;
        }));

        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        var open = await factory.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id && r.Field == RecordField.PoliticalStatus));
        Assert.Equal(1, open);
        var check = await factory.WithDbAsync(db => db.StudentChecks.AsNoTracking().SingleAsync(c => c.StudentId == student.Id));
        Assert.Equal(CheckState.Reported, check.State);
    }
}
