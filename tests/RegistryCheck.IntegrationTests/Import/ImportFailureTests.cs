using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.IntegrationTests.Import;

/// <summary>Failures in the middle of a commit and crashes: the database stays exactly as it was.</summary>
public class ImportFailureTests
{
    [Fact]
    public async Task A_failure_in_the_middle_of_the_commit_leaves_the_database_exactly_as_before()
    {
        // The first batch of 2,000 rows is saved inside the transaction, then the step after it fails.
        using var factory = PortalFactory.WithTestServices(services => services.Replace(ServiceDescriptor.Singleton<ImportProgress>(new FailingAfter(2000))));
        using var client = await ImportKit.RegistrarAsync(factory);
        var existing = ImportKit.Row();
        await ImportKit.CommitAsync(factory, client, (await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv([existing])))).Id);

        existing["联系电话"] = "13600000000";
        var rows = new List<Dictionary<string, string>> { existing };
        for (var i = 0; i < 4999; i++)
        {
            var row = ImportKit.Row();
            row["班级"] = "2026级新开班";
            rows.Add(row);
        }

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv(rows)), createUnknown: true);
        Assert.Equal((4999, 1, 0), (job.NewCount, job.UpdatedCount, job.RejectedCount));
        var before = await CountsAsync(factory);

        job = await ImportKit.CommitAsync(factory, client, job.Id);

        Assert.Equal(ImportStatus.Failed, job.Status);
        Assert.Equal(before, await CountsAsync(factory));
        Assert.Equal("137", (await factory.WithDbAsync(db => db.Students.SingleAsync(s => s.StudentNumber == existing["学号"]))).Phone![..3]);
        Assert.False(await factory.WithDbAsync(db => db.Classes.AnyAsync(c => c.Name == "2026级新开班")));
        var (_, page) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Contains("数据库未作任何修改", page.QuerySelector(".flash.error")!.TextContent);
    }

    [Fact]
    public async Task Jobs_interrupted_by_a_crash_are_marked_failed_when_the_worker_starts()
    {
        using var factory = new PortalFactory();
        using var client = await ImportKit.RegistrarAsync(factory);
        var (validating, committing) = await factory.WithDbAsync(async db =>
        {
            var a = new ImportJob { FileName = "a.csv", Status = ImportStatus.Validating, CreatedAt = DateTime.UtcNow };
            var b = new ImportJob { FileName = "b.csv", Status = ImportStatus.Committing, CreatedAt = DateTime.UtcNow };
            db.ImportJobs.AddRange(a, b);
            await db.SaveChangesAsync();
            db.ImportFiles.Add(new ImportFile { ImportJobId = b.Id, Content = [1, 2, 3] });
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });

        // What the worker does when the process starts again.
        var worker = new ImportWorker(factory.Services.GetRequiredService<IServiceScopeFactory>(), factory.Services.GetRequiredService<ImportQueue>(),
            factory.Services.GetRequiredService<ImportProgress>(), factory.Services.GetRequiredService<ParsedRosters>(), TimeProvider.System,
            NullLogger<ImportWorker>.Instance);
        await worker.RecoverAsync(CancellationToken.None);

        await factory.WithDbAsync(async db =>
        {
            var jobs = await db.ImportJobs.Where(j => j.Id == validating || j.Id == committing).ToListAsync();
            Assert.All(jobs, j => Assert.Equal(ImportStatus.Failed, j.Status));
            Assert.All(jobs, j => Assert.Contains("服务重启中断", j.Error));
            Assert.False(await db.ImportFiles.AnyAsync(f => f.ImportJobId == committing));
        });
    }

    private static Task<(int Students, int Users, int Checks, int Changes, int Classes, int Audit)> CountsAsync(PortalFactory factory) =>
        factory.WithDbAsync(async db => (
            await db.Students.CountAsync(), await db.Users.CountAsync(), await db.StudentChecks.CountAsync(),
            await db.RecordChanges.CountAsync(), await db.Classes.CountAsync(), await db.AuditLog.CountAsync(a => a.Action == "import")));

    /// <summary>
    /// The production progress step, failing once the commit's batches have saved the given number of rows. The
    /// commit reports 0 when its transaction starts; the reports before it come from reading the file again.
    /// </summary>
    private sealed class FailingAfter(int rows) : ImportProgress
    {
        private int? _saving;

        public override void Set(int jobId, ImportStatus status, int processed, int total)
        {
            if (status == ImportStatus.Committing && processed == 0)
            {
                _saving = jobId;
            }

            if (_saving == jobId && processed >= rows)
            {
                throw new InvalidOperationException("injected failure");
            }

            base.Set(jobId, status, processed, total);
        }
    }
}
