using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>A portal with the production per-client limit (30 failures in 10 minutes), so a spray is stopped.</summary>
public sealed class ProductionLimitsFactory : PortalFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SignIn:MaxFailuresPerClient"] = "30" };
}

public class BruteForceTests
{
    [Fact]
    public async Task A_thousand_wrong_initial_passwords_against_one_student_number_are_stopped_after_five()
    {
        using var factory = new PortalFactory();
        var student = await TestStudents.AddAsync(factory);
        using var client = factory.NewClient();
        var token = await client.TokenFromAsync("/account/sign-in");
        var lockedMessages = 0;
        for (var i = 0; i < 1000; i++)
        {
            var guess = (100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = await client.Http.PostAsync("/account/sign-in", new FormUrlEncodedContent(
                [new("StudentNumber", student.StudentNumber), new("Password", guess), new("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if ((await response.Content.ReadAsStringAsync()).Contains("已暂时锁定", StringComparison.Ordinal))
            {
                lockedMessages++;
            }
        }

        // Five guesses were checked (the fifth answer already says "locked"); the other 995 were refused
        // without looking at the password.
        Assert.Equal(996, lockedMessages);
        // Refusals are counted and written by the background writer (ADR-019): one row with the count.
        await factory.Services.GetRequiredService<SignInRefusals>().FlushAsync(CancellationToken.None);
        var failures = await factory.WithDbAsync(db => db.AuditLog.Where(a => a.Action == "sign-in-failed" && a.TargetId == student.StudentNumber).SumAsync(a => a.Count));
        Assert.Equal(5, failures);
        var right = await client.SignInStudentAsync(student.StudentNumber, student.InitialPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("已暂时锁定", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_spray_across_many_student_numbers_from_one_client_is_stopped_by_the_client_limit()
    {
        using var factory = new ProductionLimitsFactory();
        var victim = await TestStudents.AddAsync(factory);
        using var client = factory.NewClient();
        for (var i = 0; i < 40; i++)
        {
            await client.SignInStudentAsync($"20260{i:00000}", "123456");
        }

        var response = await client.SignInStudentAsync(victim.StudentNumber, victim.InitialPassword);
        Assert.Contains("本设备登录尝试过于频繁", await response.Content.ReadAsStringAsync());
        Assert.NotEqual("/account/password", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Existing_and_unknown_student_numbers_get_the_same_answer_in_similar_time()
    {
        using var factory = new PortalFactory();
        var students = new List<TestStudent>();
        for (var i = 0; i < 15; i++)
        {
            students.Add(await TestStudents.AddAsync(factory));
        }

        using var client = factory.NewClient();
        var token = await client.TokenFromAsync("/account/sign-in");
        async Task<(string Body, double Ms)> Attempt(string number)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.Http.PostAsync("/account/sign-in", new FormUrlEncodedContent(
                [new("StudentNumber", number), new("Password", "000000"), new("__RequestVerificationToken", token)]));
            var body = await response.Content.ReadAsStringAsync();
            return (body, watch.Elapsed.TotalMilliseconds);
        }

        // Warm up both paths, then interleave to share the machine's noise.
        await Attempt("2099000000");
        await Attempt(students[0].StudentNumber);
        var known = new List<double>();
        var unknown = new List<double>();
        string? knownMessage = null, unknownMessage = null;
        for (var i = 1; i < students.Count; i++)
        {
            var a = await Attempt(students[i].StudentNumber);
            var b = await Attempt($"20990{i:00000}");
            known.Add(a.Ms);
            unknown.Add(b.Ms);
            knownMessage = ErrorText(a.Body);
            unknownMessage = ErrorText(b.Body);
        }

        Assert.Equal(knownMessage, unknownMessage);
        var medianKnown = known.Order().ElementAt(known.Count / 2);
        var medianUnknown = unknown.Order().ElementAt(unknown.Count / 2);
        // Both paths do the same work (no hash, one constant-time comparison, the same throttle writes).
        Assert.True(Math.Abs(medianKnown - medianUnknown) < 25, $"median known {medianKnown:0.0} ms vs unknown {medianUnknown:0.0} ms");
    }

    private static string ErrorText(string html)
    {
        var start = html.IndexOf("class=\"errors", StringComparison.Ordinal);
        var li = html.IndexOf("<li>", start, StringComparison.Ordinal);
        return html[(li + 4)..html.IndexOf("</li>", li, StringComparison.Ordinal)];
    }
}
