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

        var log = ReadLogs(factory.DataFolder);

        Assert.Contains("HTTP GET /help responded 200", log, StringComparison.Ordinal);
        Assert.Contains("HTTP POST /account/sign-in responded 200", log, StringComparison.Ordinal);
        Assert.DoesNotContain("q=" + student.StudentNumber, log, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Secret-77", log, StringComparison.Ordinal);
    }

    private static string ReadLogs(string dataFolder) => string.Concat(Directory.GetFiles(Path.Combine(dataFolder, "logs")).Select(f =>
    {
        // Serilog holds the file open; share it for reading.
        using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }));
}
