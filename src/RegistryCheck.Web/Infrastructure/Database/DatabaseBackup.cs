using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>
/// A backup's message as a localizer key (Chinese, ADR-005) with its English text for the command line, both with
/// the same placeholders: the administrator's page shows it in the user's language, the CLI in English.
/// </summary>
public sealed record BackupMessage(string Key, string English, params string[] Args)
{
    public string ToEnglish() => string.Format(CultureInfo.InvariantCulture, English, Args);
}

/// <summary>What a backup did: where the copy is, how large, and what the integrity check said; or why there is none.</summary>
public sealed record BackupResult(bool Succeeded, string? Path, long SizeBytes, BackupMessage Text)
{
    /// <summary>The English text, for the command line and logs.</summary>
    public string Message => Text.ToEnglish();
}

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
                ? new BackupMessage("数据库是 PostgreSQL：请用 pg_dump 备份（见运维文档），例如 pg_dump --format=custom --file=registrycheck.dump <数据库>。备份命令只复制内嵌 SQLite 数据库。",
                    "The database is PostgreSQL: back it up with pg_dump (docs/operations.md), e.g. pg_dump --format=custom --file=registrycheck.dump <database>. The backup command copies the embedded SQLite database only.")
                : new BackupMessage("数据库是 SQL Server：请用 BACKUP DATABASE 或服务器的备份计划备份（见运维文档）。备份命令只复制内嵌 SQLite 数据库。",
                    "The database is SQL Server: back it up with BACKUP DATABASE or the server's backup plan (docs/operations.md). The backup command copies the embedded SQLite database only."));
        }

        var path = System.IO.Path.GetFullPath(target ?? DefaultPath());
        if (File.Exists(path))
        {
            return new BackupResult(false, path, 0, new BackupMessage("{0} 已存在，请换一个文件名。", "{0} exists already: choose another file name.", path));
        }

        try
        {
            await CopyAsync(path, ct);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            // A full disk, a folder the portal may not write, a file in the folder's place: a message, not a 500.
            logger.LogError(e, "Backup to {Path} failed", path);
            return new BackupResult(false, path, 0, new BackupMessage("写出副本 {0} 时出错：{1}", "Writing the copy {0} failed: {1}", path, e.Message));
        }

        var integrity = await IntegrityCheckAsync(path, ct);
        var size = new FileInfo(path).Length;
        if (integrity != "ok")
        {
            logger.LogError("Backup {Path} failed its integrity check: {Integrity}", path, integrity);
            return new BackupResult(false, path, size, new BackupMessage("副本 {0} 未通过 PRAGMA integrity_check：{1}", "The copy {0} failed PRAGMA integrity_check: {1}", path, integrity));
        }

        logger.LogInformation("Database backed up to {Path} ({Bytes} bytes, integrity ok)", path, size);
        var megabytes = (size / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture);
        return new BackupResult(true, path, size, new BackupMessage("备份已写入 {0}（{1} MB）；PRAGMA integrity_check：ok。",
            "Backup written to {0} ({1} MB); PRAGMA integrity_check: ok.", path, megabytes));
    }

    private async Task CopyAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await using var source = new SqliteConnection(database.ConnectionString);
        await source.OpenAsync(ct);
        await using var vacuum = source.CreateCommand();
        vacuum.CommandText = "VACUUM INTO $path";
        vacuum.Parameters.AddWithValue("$path", path);
        // A copy of a large database takes its time; the portal's own commands keep their 30 s.
        vacuum.CommandTimeout = 0;
        await vacuum.ExecuteNonQueryAsync(ct);
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
