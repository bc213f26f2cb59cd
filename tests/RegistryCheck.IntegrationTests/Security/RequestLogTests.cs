using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>The request log an operator reads: every request with its path and status, never a query string or a typed password.</summary>
public class RequestLogTests
{
    [Fact]
    public async Task Requests_are_logged_with_path_and_status_but_without_query_strings_or_passwords()
    {
        using var factory = new PortalFactory();
        var student = await TestStudents.AddAsync(factory);
        using var client = factory.NewClient();
        await client.Http.GetAsync("/help?q=" + student.StudentNumber);
        await client.SignInStudentAsync(student.StudentNumber, "Wrong-Secret-77");

        var log = await LogFiles.WaitForAsync(factory.DataFolder, "HTTP GET /help responded 200", "HTTP POST /account/sign-in responded 200");

        Assert.Contains("HTTP GET /help responded 200", log, StringComparison.Ordinal);
        Assert.Contains("HTTP POST /account/sign-in responded 200", log, StringComparison.Ordinal);
        Assert.DoesNotContain("q=" + student.StudentNumber, log, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Secret-77", log, StringComparison.Ordinal);
    }
}
