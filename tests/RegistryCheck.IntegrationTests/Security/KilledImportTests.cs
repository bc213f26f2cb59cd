using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RegistryCheck.IntegrationTests.Import;
using RegistryCheck.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>
/// The portal as a real separate process (the built RegistryCheck.Web.dll), killed while a 20,000-row roster commit
/// runs: the database is as before, the next start works, the job is marked failed and the registrar can import again.
/// </summary>
[Collection(SeparateProcessCollection.Name)]
public sealed class KilledImportTests(ITestOutputHelper output) : IDisposable
{
    private const int Rows = 20_000;

    // Smaller insert batches (default 2,000): the commit reports progress more often, so it is caught mid-way.
    private static readonly string[] Settings = ["--Import:BatchSize=250"];

    private readonly PortalProcess _portal = new();

    [Fact]
    public async Task A_roster_import_killed_during_the_commit_leaves_the_database_as_before_and_the_next_start_works()
    {
        await StartAsync();
        var students = StudentCount();
        var users = Count("AspNetUsers");
        using (var registrar = await RegistrarAsync())
        {
            var roster = ImportKit.Utf8(ImportKit.Csv(Enumerable.Range(0, Rows).Select(_ => (IReadOnlyDictionary<string, string>)ImportKit.Row())));
            var upload = await ImportKit.UploadRosterAsync(registrar, roster, "big.csv");
            var jobId = await ImportKit.JobIdAsync(registrar, upload);
            var preview = await WaitForAsync(registrar, jobId, p => p.Status == "Previewed", TimeSpan.FromSeconds(180));
            Assert.Equal(Rows, preview.Total);

            var commit = await registrar.PostFormAsync($"/import/{jobId}/commit", [], $"/import/{jobId}");
            Assert.Equal(HttpStatusCode.Redirect, commit.StatusCode);
            var running = await WaitForAsync(registrar, jobId, p => (p.Status == "Committing" && p.Total == Rows && p.Processed > 0 && p.Processed < Rows) || p.Finished, TimeSpan.FromSeconds(120));
            Assert.True(running.Status == "Committing", $"the commit finished ({running.Status}) before it could be killed: make the roster bigger");

            _portal.Stop();
            output.WriteLine($"killed during the commit at {running.Processed:N0}/{running.Total:N0} rows");

            // Killed mid-way through the inserts (the re-reading phase reports Total = rows + 1 as its estimate; the insert
            // phase reports Total = rows): some batches of students were written inside the commit's open transaction.
            // The database as before: no student of the roster, the job left in Committing (nobody marked it).
            Assert.Equal(students, StudentCount());
            Assert.Equal(users, Count("AspNetUsers"));
            Assert.Equal("Committing", JobStatus(jobId).Status);

            // The next start works and marks the interrupted job as failed, with a message.
            await StartAsync();
            Assert.Equal(students, StudentCount());
            var job = JobStatus(jobId);
            Assert.Equal("Failed", job.Status);
            Assert.False(string.IsNullOrWhiteSpace(job.Error));
            output.WriteLine($"after restart: job {jobId} {job.Status}: {job.Error}");

            // A registrar can import again.
            using var again = await RegistrarAsync();
            var (page, _) = await again.GetPageAsync($"/import/{jobId}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var small = ImportKit.Utf8(ImportKit.Csv(Enumerable.Range(0, 3).Select(_ => (IReadOnlyDictionary<string, string>)ImportKit.Row())));
            var second = await ImportKit.JobIdAsync(again, await ImportKit.UploadRosterAsync(again, small, "small.csv"));
            await WaitForAsync(again, second, p => p.Status == "Previewed", TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.Redirect, (await again.PostFormAsync($"/import/{second}/commit", [], $"/import/{second}")).StatusCode);
            var done = await WaitForAsync(again, second, p => p.Finished, TimeSpan.FromSeconds(60));
            Assert.Equal("Completed", done.Status);
            Assert.Equal(students + 3, StudentCount());
        }
    }

    private sealed record Progress(string Status, int Processed, int Total, bool Finished);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static async Task<Progress> WaitForAsync(PortalClient client, int jobId, Func<Progress, bool> done, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        Progress? last = null;
        while (DateTime.UtcNow < until)
        {
            var response = await client.Http.GetAsync($"/import/{jobId}/progress");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                last = JsonSerializer.Deserialize<Progress>(await response.Content.ReadAsStringAsync(), Web)!;
                if (done(last))
                {
                    return last;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Job {jobId} did not get there within {limit.TotalSeconds} s; last progress: {last}");
    }

    private Task<PortalClient> RegistrarAsync() => _portal.StaffAsync(DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);

    private string Database => Path.Combine(_portal.Folder, "registrycheck.db");

    private int StudentCount() => Count("Students");

    private int Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM " + table;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private (string Status, string? Error) JobStatus(int jobId)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status, Error FROM ImportJobs WHERE Id = $id";
        command.Parameters.AddWithValue("$id", jobId);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"job {jobId} not found");
        var status = reader.GetValue(0) is string s ? s : ((RegistryCheck.Data.Entities.ImportStatus)Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)).ToString();
        return (status, reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private async Task StartAsync()
    {
        await _portal.StartAsync(Settings);
        output.WriteLine($"portal process {_portal.Pid} answered /healthz 200");
    }

    public void Dispose() => _portal.Dispose();
}

/// <summary>Tests that start the portal as its own process run alone, so start-up is not starved by parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeparateProcessCollection
{
    public const string Name = "Separate portal process";
}
