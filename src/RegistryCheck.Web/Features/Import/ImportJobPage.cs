using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Features.Import;

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

/// <summary>One job's page: its figures, its result and the page of rejected rows asked for.</summary>
public sealed class ImportJobPageHandler(RegistryDbContext db)
{
    public async Task<ImportJobPage?> HandleAsync(int jobId, int page, CancellationToken ct)
    {
        var row = await ImportJobRow.Query(db).FirstOrDefaultAsync(j => j.Id == jobId, ct);
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
}
