using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

/// <summary>Short writes to the job row, each in its own scope and connection, outside any import transaction.</summary>
public sealed class ImportJobStore(IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task ProgressAsync(int jobId, int processed, int total, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        await db.ImportJobs.Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.ProcessedRows, processed).SetProperty(j => j.TotalRows, total), ct);
    }

    public async Task FailAsync(int jobId, UserMessage message, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var error = ImportJson.Message(message);
        if (error.Length > 1000)
        {
            error = ImportJson.Message(new UserMessage(message.Key));
        }

        await db.ImportJobs.Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Failed).SetProperty(j => j.Error, error)
                .SetProperty(j => j.CompletedAt, time.GetUtcNow().UtcDateTime), ct);
        await db.ImportFiles.Where(f => f.ImportJobId == jobId).ExecuteDeleteAsync(ct);
    }
}
