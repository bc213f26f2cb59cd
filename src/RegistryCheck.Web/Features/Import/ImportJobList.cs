using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Features.Import;

/// <summary>The import page's list: the latest twenty jobs, newest first.</summary>
public sealed class ImportJobListHandler(RegistryDbContext db)
{
    public Task<List<ImportJobRow>> HandleAsync(CancellationToken ct) =>
        ImportJobRow.Query(db).OrderByDescending(j => j.Id).Take(20).ToListAsync(ct);
}
