using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Bench;

/// <summary>The benchmark's floor endpoint exists only when Bench:FloorEndpoint is on, and never shows record data.</summary>
public sealed class BenchFloorEndpointTests
{
    private sealed class FloorOnPortal : PortalFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Bench:FloorEndpoint"] = "true" };
    }

    [Fact]
    public async Task The_floor_endpoint_is_not_there_by_default()
    {
        using var factory = new PortalFactory();
        var id = await factory.WithDbAsync(db => db.Students.Where(s => s.StudentNumber == DemoAccounts.Student1).Select(s => s.Id).FirstAsync());
        using var client = factory.NewClient();

        var response = await client.Http.GetAsync($"/bench/floor?id={id}");
        var unknownPath = await client.Http.GetAsync("/bench/no-such-page");

        // Answered like any path that does not exist (an anonymous visitor is sent to sign in), never the floor page.
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(unknownPath.StatusCode, response.StatusCode);
        Assert.Equal(unknownPath.Headers.Location?.AbsolutePath, response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task With_the_flag_on_the_floor_answers_a_fixed_page_without_record_data_and_404_for_an_unknown_student()
    {
        using var factory = new FloorOnPortal();
        var student = await factory.WithDbAsync(db => db.Students.Where(s => s.StudentNumber == DemoAccounts.Student1)
            .Select(s => new { s.Id, s.Name, s.IdNumber }).FirstAsync());
        using var client = factory.NewClient();

        var response = await client.Http.GetAsync($"/bench/floor?id={student.Id}");
        var body = await response.Content.ReadAsStringAsync();
        var unknown = await client.Http.GetAsync("/bench/floor?id=99999999");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(student.Name, body);
        Assert.DoesNotContain(student.IdNumber, body);
        Assert.DoesNotContain(DemoAccounts.Student1, body);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_signed_in_floor_asks_for_a_signed_in_student_and_reads_the_cookies_student()
    {
        using var factory = new FloorOnPortal();
        using var anonymous = factory.NewClient();
        using var student = factory.NewClient();
        using var staff = factory.NewClient();
        await student.SignInStudentWithOwnPasswordAsync(DemoAccounts.Student1, DemoAccounts.Student1Initial);
        await staff.SignInStaffAsync(DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);

        var own = await student.Http.GetAsync("/bench/floor/me");
        var notSignedIn = await anonymous.Http.GetAsync("/bench/floor/me");
        var notAStudent = await staff.Http.GetAsync("/bench/floor/me");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.DoesNotContain(DemoAccounts.Student1, await own.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, notSignedIn.StatusCode);
        Assert.Contains("sign-in", notSignedIn.Headers.Location?.OriginalString);
        Assert.NotEqual(HttpStatusCode.OK, notAStudent.StatusCode);
    }
}
