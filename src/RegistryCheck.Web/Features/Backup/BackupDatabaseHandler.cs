using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Database;

namespace RegistryCheck.Web.Features.Backup;

/// <summary>
/// Runs <see cref="DatabaseBackup"/> for the signed-in administrator and audits it, succeeded or not. The copy's path
/// is in the audit details: it names a file on the server, not a person.
/// </summary>
public sealed class BackupDatabaseHandler(DatabaseBackup backup, AuditLog audit, ILogger<BackupDatabaseHandler> logger)
{
    public async Task<BackupResult> HandleAsync(CancellationToken ct)
    {
        var result = await backup.RunAsync(null, ct);
        await audit.WriteNowAsync(AuditActions.DatabaseBackup, "database", null,
            result.Path is null ? "refused: not SQLite" : $"path={result.Path} bytes={result.SizeBytes}", result.Succeeded);
        logger.LogInformation("Administrator backup finished: {Succeeded}", result.Succeeded);
        return result;
    }
}
