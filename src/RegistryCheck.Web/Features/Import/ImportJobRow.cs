using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

/// <summary>An import job as the list and the job's page show it.</summary>
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

    /// <summary>The jobs as rows, projected in the database (with the uploader's user name).</summary>
    public static IQueryable<ImportJobRow> Query(RegistryDbContext db) => db.ImportJobs.AsNoTracking().Select(j => new ImportJobRow
    {
        Id = j.Id, Kind = j.Kind, Status = j.Status, FileName = j.FileName, CreatedAt = j.CreatedAt, CompletedAt = j.CompletedAt,
        TotalRows = j.TotalRows, ProcessedRows = j.ProcessedRows, NewCount = j.NewCount, UpdatedCount = j.UpdatedCount,
        UnchangedCount = j.UnchangedCount, RejectedCount = j.RejectedCount,
        CreatedBy = db.Users.Where(u => u.Id == j.CreatedByUserId).Select(u => u.UserName).FirstOrDefault(),
    });
}
