using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

/// <summary>The "Import" configuration section. Tests lower the caps to exercise them quickly.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    public long MaxRosterBytes { get; set; } = 50L * 1024 * 1024;
    public long MaxPhotoZipBytes { get; set; } = 500L * 1024 * 1024;
    public int MaxPhotoEntries { get; set; } = 20_000;

    /// <summary>Bytes actually decompressed from a photo zip, all entries together.</summary>
    public long MaxPhotoTotalBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>JPEG and PNG hardly compress; an entry that inflates more than this is a bomb, not a photo.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Rows (or photos, divided by 10) per SaveChanges inside the commit's transaction.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>Rows between progress updates.</summary>
    public int ProgressEvery { get; set; } = 500;

    /// <summary>学校名称 for new students when the roster has no such column; defaults to the one already stored.</summary>
    public string? SchoolName { get; set; }
}

/// <summary>Options chosen at upload and who committed, kept in <see cref="ImportJob.Options"/>.</summary>
public sealed class ImportJobOptions
{
    public bool CreateUnknown { get; set; }
    public PhotoMatch MatchBy { get; set; }
    public int? CommittedByUserId { get; set; }
    public string? CommittedByName { get; set; }
    public string? CommittedFromIp { get; set; }

    public static ImportJobOptions Read(string? json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<ImportJobOptions>(json, ImportJson.Options) ?? new();

    public string Write() => JsonSerializer.Serialize(this, ImportJson.Options);
}

public enum PhotoMatch
{
    ExamNumber = 0,
    StudentNumber = 1,
}

/// <summary>The preview or report kept in <see cref="ImportJob.ResultJson"/>.</summary>
public sealed class ImportResult
{
    public List<RejectedRow> Rejected { get; set; } = [];
    public List<string> IgnoredColumns { get; set; } = [];
    public List<string> NewColleges { get; set; } = [];
    public List<string> NewMajors { get; set; } = [];
    public List<string> NewClasses { get; set; } = [];
    public List<UnmatchedFile> Unmatched { get; set; } = [];
    public int WithoutPhotoCount { get; set; }
    public List<string> WithoutPhoto { get; set; } = [];

    public static ImportResult Read(string? json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<ImportResult>(json, ImportJson.Options) ?? new();

    public string Write() => JsonSerializer.Serialize(this, ImportJson.Options);
}

public sealed record RejectedRow(int Row, string? StudentNumber, List<UserMessage> Reasons);

public sealed record UnmatchedFile(string File, UserMessage Reason);

internal static class ImportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Message(UserMessage m) => JsonSerializer.Serialize(m, Options);

    public static UserMessage? ReadMessage(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<UserMessage>(json, Options);
        }
        catch (JsonException)
        {
            return new UserMessage(json);
        }
    }
}

/// <summary>Jobs waiting for the worker of this process.</summary>
public sealed class ImportQueue
{
    private readonly Channel<int> _channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(int jobId) => _channel.Writer.TryWrite(jobId);

    public IAsyncEnumerable<int> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

public sealed record ProgressState(ImportStatus Status, int Processed, int Total);

/// <summary>
/// Progress of jobs running in this process. The progress endpoint prefers it to the database: on SQLite the
/// commit's transaction holds the only write lock, so the job row cannot be updated until the commit ends.
/// </summary>
public sealed class ImportProgress
{
    private readonly ConcurrentDictionary<int, ProgressState> _jobs = new();

    public void Set(int jobId, ImportStatus status, int processed, int total) => _jobs[jobId] = new(status, processed, total);

    public ProgressState? Get(int jobId) => _jobs.TryGetValue(jobId, out var state) ? state : null;

    public void Remove(int jobId) => _jobs.TryRemove(jobId, out _);
}

/// <summary>Test seam: lets a test fail a commit after a given number of rows, to prove the rollback.</summary>
public sealed class ImportHooks
{
    public Func<int, Task>? AfterCommitBatch { get; set; }
}

/// <summary>
/// Runs imports one at a time, off the request: the upload returns at once and the page polls the progress.
/// On start it fails jobs a crash interrupted (their transaction rolled back by itself) and resumes queued ones.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, ImportQueue queue, ImportProgress progress, TimeProvider time, ILogger<ImportWorker> logger)
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

public static class ImportSetup
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        services.AddSingleton<ImportQueue>();
        services.AddSingleton<ImportProgress>();
        services.AddSingleton<ImportHooks>();
        services.AddSingleton<ImportJobStore>();
        services.AddHostedService<ImportWorker>();
        return services;
    }
}
