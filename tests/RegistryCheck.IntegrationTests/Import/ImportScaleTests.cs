using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Features.Import;
using Xunit.Abstractions;

namespace RegistryCheck.IntegrationTests.Import;

/// <summary>Large rosters: each test has its own database. Timings go to the test output.</summary>
public class ImportScaleTests(ITestOutputHelper output)
{
    /// <summary>
    /// Keeps each committed batch on the bar for 100 ms (the "commit" timing includes these pauses). A warm
    /// 10,000-row commit passes its five batches in about 300 ms, and on the loaded 2-core machine of a full test run
    /// (the browser tests run beside this assembly) the 10 ms polls twice missed them all.
    /// </summary>
    private sealed class PausingProgress : ImportProgress
    {
        public override void Set(int jobId, ImportStatus status, int processed, int total)
        {
            base.Set(jobId, status, processed, total);
            if (status == ImportStatus.Committing && processed > 0 && processed < total)
            {
                Thread.Sleep(100);
            }
        }
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(50_000)]
    public async Task A_generated_xlsx_roster_imports_completely_with_progress_that_advances(int count)
    {
        using var factory = PortalFactory.WithTestServices(s => s.Replace(ServiceDescriptor.Singleton<ImportProgress>(new PausingProgress())));
        using var client = await ImportKit.RegistrarAsync(factory);
        var rows = Enumerable.Range(1, count).Select(n =>
        {
            var (id, birth) = ImportKit.Identity(n, n % 2 == 0, "120101");
            var row = ImportKit.Row();
            row["学号"] = $"20263{n:00000}";
            row["考生号"] = $"2612010{n:0000000}";
            row["证件号码"] = id;
            row["出生日期"] = birth.ToString("yyyy-MM-dd");
            row["性别"] = n % 2 == 0 ? "女" : "男";
            row["班级"] = n % 2 == 0 ? "2026级经济学1班" : "2026级经济学2班";
            return (IReadOnlyDictionary<string, string>)row;
        }).ToList();
        var watch = Stopwatch.StartNew();
        var xlsx = Xlsx.Build(ImportKit.Headers, rows);
        output.WriteLine($"generated {count} rows: {xlsx.Length / 1024} KiB in {watch.ElapsedMilliseconds} ms");

        watch.Restart();
        var upload = await ImportKit.UploadRosterAsync(client, xlsx, "big.xlsx");
        var uploadMs = watch.ElapsedMilliseconds;
        var id = await ImportKit.JobIdAsync(client, upload);
        // Liveness bounds, not performance claims (those are in the benchmark): generous for a loaded 2-core CI machine.
        var preview = await ImportKit.WaitAsync(factory, id, TimeSpan.FromSeconds(300));
        var validateMs = watch.ElapsedMilliseconds;
        Assert.Equal((count, 0, 0), (preview.NewCount, preview.RejectedCount, preview.UpdatedCount));

        watch.Restart();
        var commit = await client.PostFormAsync($"/import/{id}/commit", [], $"/import/{id}");
        var seen = new List<int>();
        while (true)
        {
            var p = await client.Http.GetFromJsonAsync<ImportProgressView>($"/import/{id}/progress");
            if (p!.Finished)
            {
                Assert.Equal("Completed", p.Status);
                break;
            }

            if (p.Status == "Committing" && p.Total > 0 && p.Processed < p.Total)
            {
                seen.Add(p.Processed);
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(420), "the commit did not finish");
            // Sampled often: with prepared inserts (ADR-028) a 10,000-row commit passes its batches within a second or two,
            // and a 100 ms poll saw only one of them.
            await Task.Delay(10);
        }

        var commitMs = watch.ElapsedMilliseconds;
        output.WriteLine($"upload request {uploadMs} ms; upload+parse+validate {validateMs} ms ({count * 1000L / Math.Max(1, validateMs)} rows/s); " +
            $"commit {commitMs} ms ({count * 1000L / Math.Max(1, commitMs)} rows/s); progress values seen while committing: {string.Join(",", seen.Distinct())}");

        // The bar advanced: several different intermediate values were served while the transaction held the write lock.
        Assert.True(seen.Distinct().Count() >= 2, "progress did not advance: " + string.Join(",", seen));
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(count, await db.Students.CountAsync(s => s.StudentNumber.StartsWith("20263")));
            Assert.Equal(count, await db.Users.CountAsync(u => u.UserName!.StartsWith("20263") && u.StudentId != null && u.PasswordHash == null));
            Assert.Equal(count, await db.StudentChecks.CountAsync(c => c.Student.StudentNumber.StartsWith("20263")));
            var job = await db.ImportJobs.SingleAsync(j => j.Id == id);
            Assert.Equal((ImportStatus.Completed, count), (job.Status, job.NewCount));
        });
    }
}
