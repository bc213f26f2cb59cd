using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

public sealed class ImportJobRow
{
    public int Id { get; init; }
    public ImportKind Kind { get; init; }
    public ImportStatus Status { get; init; }
    public required string FileName { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public int TotalRows { get; init; }
    public int ProcessedRows { get; init; }
    public int NewCount { get; init; }
    public int UpdatedCount { get; init; }
    public int UnchangedCount { get; init; }
    public int RejectedCount { get; init; }
    public string? CreatedBy { get; init; }

    public bool IsRunning => Status is ImportStatus.Uploaded or ImportStatus.Validating or ImportStatus.Committing;
}

public sealed class ImportJobPage
{
    public const int PageSize = 100;

    public required ImportJobRow Job { get; init; }
    public required ImportResult Result { get; init; }
    public UserMessage? Error { get; init; }
    public required ImportJobOptions Options { get; init; }
    public int Page { get; init; }
    public int PageCount => Math.Max(1, (Result.Rejected.Count + PageSize - 1) / PageSize);
    public IEnumerable<RejectedRow> RejectedOnPage => Result.Rejected.Skip((Page - 1) * PageSize).Take(PageSize);
}

public sealed record ImportProgressView(string Status, int Processed, int Total, bool Finished);

/// <summary>The import pages' queries. Progress comes from this process's memory when the job runs here.</summary>
public sealed class ImportJobQueryHandler(RegistryDbContext db, ImportProgress progress)
{
    private IQueryable<ImportJobRow> Rows() => db.ImportJobs.AsNoTracking().Select(j => new ImportJobRow
    {
        Id = j.Id, Kind = j.Kind, Status = j.Status, FileName = j.FileName, CreatedAt = j.CreatedAt, CompletedAt = j.CompletedAt,
        TotalRows = j.TotalRows, ProcessedRows = j.ProcessedRows, NewCount = j.NewCount, UpdatedCount = j.UpdatedCount,
        UnchangedCount = j.UnchangedCount, RejectedCount = j.RejectedCount,
        CreatedBy = db.Users.Where(u => u.Id == j.CreatedByUserId).Select(u => u.UserName).FirstOrDefault(),
    });

    public Task<List<ImportJobRow>> RecentAsync(CancellationToken ct) =>
        Rows().OrderByDescending(j => j.Id).Take(20).ToListAsync(ct);

    public async Task<ImportJobPage?> PageAsync(int jobId, int page, CancellationToken ct)
    {
        var row = await Rows().FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (row is null)
        {
            return null;
        }

        var extra = await db.ImportJobs.AsNoTracking().Where(j => j.Id == jobId)
            .Select(j => new { j.ResultJson, j.Error, j.Options }).SingleAsync(ct);
        var result = ImportResult.Read(extra.ResultJson);
        var model = new ImportJobPage
        {
            Job = row,
            Result = result,
            Error = ImportJson.ReadMessage(extra.Error),
            Options = ImportJobOptions.Read(extra.Options),
            Page = 1,
        };
        return new ImportJobPage
        {
            Job = row, Result = result, Error = model.Error, Options = model.Options, Page = Math.Clamp(page, 1, model.PageCount),
        };
    }

    public async Task<ImportProgressView?> ProgressAsync(int jobId, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().Where(j => j.Id == jobId)
            .Select(j => new { j.Status, j.ProcessedRows, j.TotalRows }).FirstOrDefaultAsync(ct);
        if (job is null)
        {
            return null;
        }

        // The database's status is the truth for "finished"; the in-memory figures are fresher while running.
        var running = job.Status is ImportStatus.Uploaded or ImportStatus.Validating or ImportStatus.Committing;
        if (running && progress.Get(jobId) is { } live)
        {
            return new(live.Status.ToString(), live.Processed, live.Total, false);
        }

        return new(job.Status.ToString(), job.ProcessedRows, job.TotalRows, !running);
    }
}
