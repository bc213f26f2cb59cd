using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>What a backup did: where the copy is, how large, and what the integrity check said; or why there is none.</summary>
public sealed record BackupResult(bool Succeeded, string? Path, long SizeBytes, string Message);

/// <summary>
/// A consistent copy of the embedded SQLite database while the portal runs: <c>VACUUM INTO</c> reads one snapshot
/// (WAL mode: writers go on meanwhile) and writes a compact, self-contained file, which is then opened on its own and
/// checked with <c>PRAGMA integrity_check</c>. Photos and evidence are stored in the database, so the copy holds them
/// too. Server databases have their own tools (pg_dump, BACKUP DATABASE): this refuses with a message naming them.
/// </summary>
public sealed class DatabaseBackup(ResolvedDatabase database, TimeProvider time, ILogger<DatabaseBackup> logger)
{
    public const string Folder = "backups";

    public async Task<BackupResult> RunAsync(string? target, CancellationToken ct)
    {
        if (database.Options.Provider != DatabaseProvider.Sqlite)
        {
            return new BackupResult(false, null, 0, database.Options.Provider == DatabaseProvider.PostgreSql
                ? "The database is PostgreSQL: back it up with pg_dump (docs/operations.md), e.g. pg_dump --format=custom --file=registrycheck.dump <database>. The backup command copies the embedded SQLite database only."
                : "The database is SQL Server: back it up with BACKUP DATABASE or the server's backup plan (docs/operations.md). The backup command copies the embedded SQLite database only.");
        }

        var path = System.IO.Path.GetFullPath(target ?? DefaultPath());
        if (File.Exists(path))
        {
            return new BackupResult(false, path, 0, $"{path} exists already: choose another file name.");
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await using (var source = new SqliteConnection(database.ConnectionString))
        {
            await source.OpenAsync(ct);
            await using var vacuum = source.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $path";
            vacuum.Parameters.AddWithValue("$path", path);
            // A copy of a large database takes its time; the portal's own commands keep their 30 s.
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        var integrity = await IntegrityCheckAsync(path, ct);
        var size = new FileInfo(path).Length;
        if (integrity != "ok")
        {
            logger.LogError("Backup {Path} failed its integrity check: {Integrity}", path, integrity);
            return new BackupResult(false, path, size, $"The copy {path} failed PRAGMA integrity_check: {integrity}");
        }

        logger.LogInformation("Database backed up to {Path} ({Bytes} bytes, integrity ok)", path, size);
        return new BackupResult(true, path, size, string.Create(CultureInfo.InvariantCulture,
            $"Backup written to {path} ({size / 1024d / 1024d:0.0} MB); PRAGMA integrity_check: ok."));
    }

    /// <summary>Under the data folder, named by the UTC time to the second, so that copies sort and never collide.</summary>
    private string DefaultPath()
    {
        var db = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        var folder = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(db))!, Folder);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = System.IO.Path.Combine(folder, $"registrycheck-{stamp}.db");
        for (var n = 2; File.Exists(path); n++)
        {
            path = System.IO.Path.Combine(folder, $"registrycheck-{stamp}-{n}.db");
        }

        return path;
    }

    private static async Task<string> IntegrityCheckAsync(string path, CancellationToken ct)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var copy = new SqliteConnection(cs);
        await copy.OpenAsync(ct);
        await using var check = copy.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        check.CommandTimeout = 0;
        var lines = new List<string>();
        await using var reader = await check.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("; ", lines);
    }
}
