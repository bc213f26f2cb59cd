using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// Runs imports one at a time, off the request: the upload returns at once and the page polls the progress.
/// On start it fails jobs a crash interrupted (their transaction rolled back by itself) and resumes queued ones.
/// </summary>
public sealed class ImportWorker(
    IServiceScopeFactory scopes, ImportQueue queue, ImportProgress progress, ParsedRosters parsedRosters, TimeProvider time, ILogger<ImportWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await RecoverAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not look for interrupted imports at start-up");
        }

        await foreach (var jobId in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(jobId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: the job stays Validating/Committing and is failed on the next start.
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Import job {JobId} failed", jobId);
                parsedRosters.Forget(jobId);
                await FailAsync(jobId, new UserMessage("导入失败：处理时发生错误，数据库未作任何修改。请检查文件后重新上传。"), stoppingToken);
            }
            finally
            {
                progress.Remove(jobId);
            }
        }
    }

    internal async Task RecoverAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var interrupted = ImportJson.Message(new UserMessage("导入被服务重启中断，数据库未作任何修改。请重新上传文件。"));
        var failed = await db.ImportJobs
            .Where(j => j.Status == ImportStatus.Validating || j.Status == ImportStatus.Committing)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Failed).SetProperty(j => j.Error, interrupted)
                .SetProperty(j => j.CompletedAt, time.GetUtcNow().UtcDateTime), ct);
        if (failed > 0)
        {
            logger.LogWarning("Marked {Count} interrupted import jobs as failed", failed);
            await db.ImportFiles.Where(f => db.ImportJobs.Any(j => j.Id == f.ImportJobId && j.Status == ImportStatus.Failed)).ExecuteDeleteAsync(ct);
        }

        foreach (var id in await db.ImportJobs.Where(j => j.Status == ImportStatus.Uploaded).OrderBy(j => j.Id).Select(j => j.Id).ToListAsync(ct))
        {
            queue.Enqueue(id);
        }
    }

    private async Task RunAsync(int jobId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var job = await db.ImportJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => new { j.Kind, j.Status }).FirstOrDefaultAsync(ct);
        if (job is null)
        {
            return;
        }

        if (job.Status == ImportStatus.Uploaded)
        {
            // Claimed by a conditional update, so a job is never validated twice.
            var claimed = await db.ImportJobs.Where(j => j.Id == jobId && j.Status == ImportStatus.Uploaded)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Validating), ct);
            if (claimed == 0)
            {
                return;
            }

            progress.Set(jobId, ImportStatus.Validating, 0, 0);
            if (job.Kind == ImportKind.Roster)
            {
                await scope.ServiceProvider.GetRequiredService<RosterImportHandler>().ValidateAsync(jobId, ct);
            }
            else
            {
                await scope.ServiceProvider.GetRequiredService<PhotoImportHandler>().ValidateAsync(jobId, ct);
            }
        }
        else if (job.Status == ImportStatus.Committing)
        {
            progress.Set(jobId, ImportStatus.Committing, 0, 0);
            if (job.Kind == ImportKind.Roster)
            {
                await scope.ServiceProvider.GetRequiredService<RosterImportHandler>().CommitAsync(jobId, ct);
            }
            else
            {
                await scope.ServiceProvider.GetRequiredService<PhotoImportHandler>().CommitAsync(jobId, ct);
            }
        }
    }

    private async Task FailAsync(int jobId, UserMessage message, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ImportJobStore>().FailAsync(jobId, message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not mark import job {JobId} as failed", jobId);
        }
    }
}
