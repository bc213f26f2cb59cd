using System.Globalization;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Files;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Import;

/// <summary>The worker's two steps for a photo zip: a preview of what would match, then the import in one transaction.</summary>
public sealed class PhotoImportHandler(
    RegistryDbContext db, CampaignClock clock, IOptions<ImportOptions> options, IOptions<ChsiPhotoOptions> chsiSpec, ImportProgress progress,
    ImportJobStore store, ILogger<PhotoImportHandler> logger)
{
    private const int ShownWithoutPhoto = 100;
    internal const int ShownWarnings = 1000;
    private readonly ImportOptions _options = options.Value;

    /// <summary>The preview: what would match, what would not and who would still be without a photo.</summary>
    public async Task ValidateAsync(int jobId, CancellationToken ct)
    {
        if (await LoadAsync(jobId, ct) is not var (job, content))
        {
            return;
        }

        await RefusedZipFailsAsync(jobId, async () =>
        {
            using var archive = PhotoZip.Open(content, _options);
            var run = await StartAsync(job, archive, ImportStatus.Validating, ct);
            foreach (var entry in PhotoZip.Read(archive, _options, FileLimits.Default))
            {
                run.Match(entry);
                await ReportAsync(run, writeToDb: true, ct);
            }

            await FinishAsync(run, ImportStatus.Previewed, completedAt: null, ct);
            Log(run, "validated");
        }, ct);
    }

    /// <summary>The import in one transaction, in batches bounded by count and bytes; the zip is deleted with it.</summary>
    public async Task CommitAsync(int jobId, CancellationToken ct)
    {
        if (await LoadAsync(jobId, ct) is not var (job, content))
        {
            return;
        }

        var isSqlite = db.Database.IsSqlite();
        var now = clock.UtcNow;
        await RefusedZipFailsAsync(jobId, async () =>
        {
            using var archive = PhotoZip.Open(content, _options);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var run = await StartAsync(job, archive, ImportStatus.Committing, ct);
            var batch = new List<AdmissionPhoto>();
            var batchBytes = 0L;
            foreach (var entry in PhotoZip.Read(archive, _options, FileLimits.Default))
            {
                if (run.Match(entry) is int studentId)
                {
                    batch.Add(NewPhoto(run, entry, studentId, now));
                    batchBytes += entry.Content!.Length;
                }

                // Photos are heavy: a batch is bounded by bytes as well as by count.
                if (batch.Count >= Math.Max(1, _options.BatchSize / 10) || batchBytes > 32 * 1024 * 1024)
                {
                    await SaveBatchAsync(batch, now, ct);
                    batchBytes = 0;
                }

                // On SQLite the transaction holds the write lock: the progress stays in memory until the end.
                await ReportAsync(run, writeToDb: !isSqlite, ct);
            }

            await SaveBatchAsync(batch, now, ct);
            await FinishAsync(run, ImportStatus.Completed, now, ct);
            db.AuditLog.Add(ImportAudit.Entry(job, run.JobOptions, now, string.Create(CultureInfo.InvariantCulture,
                $"kind=photos file={job.FileName} matched={run.Created} replaced={run.Replaced} unmatched={run.Result.Unmatched.Count} without-photo={run.Result.WithoutPhotoCount}")));
            await db.SaveChangesAsync(ct);
            await db.ImportFiles.Where(f => f.ImportJobId == jobId).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
            Log(run, "committed");
        }, ct);
    }

    private async Task<(ImportJob Job, byte[] Content)?> LoadAsync(int jobId, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        var content = await db.ImportFiles.AsNoTracking().Where(f => f.ImportJobId == jobId).Select(f => f.Content).SingleOrDefaultAsync(ct);
        if (content is null)
        {
            await store.FailAsync(jobId, new UserMessage("上传的文件已不存在，请重新上传。"), ct);
            return null;
        }

        return (job, content);
    }

    /// <summary>A zip refused as a whole (bomb, too many entries, not a zip) fails the job with the reason.</summary>
    private async Task RefusedZipFailsAsync(int jobId, Func<Task> step, CancellationToken ct)
    {
        try
        {
            await step();
        }
        catch (ZipRefusedException ex)
        {
            logger.LogWarning("Photo import {JobId} refused: {Reason}", jobId, ex.Problem.Key);
            await store.FailAsync(jobId, ex.Problem, ct);
        }
    }

    /// <summary>Reads who can be matched: students by the chosen number (a number two students share matches
    /// nobody) and who has a current photo already.</summary>
    private async Task<PhotoRun> StartAsync(ImportJob job, ZipArchive archive, ImportStatus status, CancellationToken ct)
    {
        var run = new PhotoRun(job, ImportJobOptions.Read(job.Options), status, archive.Entries.Count, chsiSpec.Value);
        progress.Set(job.Id, status, 0, run.Total);
        var students = await db.Students.AsNoTracking()
            .Select(s => new { s.Id, Key = run.JobOptions.MatchBy == PhotoMatch.ExamNumber ? s.ExamNumber : s.StudentNumber })
            .ToListAsync(ct);
        foreach (var s in students.Where(s => !string.IsNullOrEmpty(s.Key)))
        {
            if (!run.ByKey.TryAdd(s.Key!, s.Id))
            {
                run.Ambiguous.Add(s.Key!);
            }
        }

        run.WithPhoto.UnionWith(await db.AdmissionPhotos.AsNoTracking().Where(p => p.IsCurrent).Select(p => p.StudentId).ToListAsync(ct));
        return run;
    }

    private static AdmissionPhoto NewPhoto(PhotoRun run, PhotoEntry entry, int studentId, DateTime now) => new()
    {
        StudentId = studentId, Content = entry.Content!, ContentType = entry.Inspection!.ContentType!,
        Width = entry.Inspection.Width ?? 0, Height = entry.Inspection.Height ?? 0, SizeBytes = entry.Content!.Length,
        IsCurrent = true, UploadedAt = now, UploadedByUserId = run.JobOptions.CommittedByUserId ?? run.Job.CreatedByUserId,
        SourceFileName = entry.FileName.Length <= 255 ? entry.FileName : entry.FileName[^255..],
    };

    private async Task ReportAsync(PhotoRun run, bool writeToDb, CancellationToken ct)
    {
        if (run.Processed % 50 != 0)
        {
            return;
        }

        progress.Set(run.Job.Id, run.Status, run.Processed, run.Total);
        if (writeToDb)
        {
            await store.ProgressAsync(run.Job.Id, run.Processed, run.Total, ct);
        }
    }

    /// <summary>Writes the counts and the result (unmatched files, students still without a photo) to the job.</summary>
    private async Task FinishAsync(PhotoRun run, ImportStatus status, DateTime? completedAt, CancellationToken ct)
    {
        var without = await db.Students.AsNoTracking()
            .Where(s => !db.AdmissionPhotos.Any(p => p.StudentId == s.Id && p.IsCurrent))
            .OrderBy(s => s.StudentNumber)
            .Select(s => new { s.Id, s.StudentNumber })
            .ToListAsync(ct);
        var stillWithout = without.Where(s => !run.Matched.Contains(s.Id)).ToList();
        run.Result.WithoutPhotoCount = stillWithout.Count;
        run.Result.WithoutPhoto = stillWithout.Take(ShownWithoutPhoto).Select(s => s.StudentNumber).ToList();
        var json = run.Result.Write();
        var unmatched = run.Result.Unmatched.Count;
        await db.ImportJobs.Where(j => j.Id == run.Job.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.CompletedAt, completedAt)
                .SetProperty(j => j.TotalRows, run.Processed)
                .SetProperty(j => j.ProcessedRows, run.Processed)
                .SetProperty(j => j.NewCount, run.Created)
                .SetProperty(j => j.UpdatedCount, run.Replaced)
                .SetProperty(j => j.UnchangedCount, 0)
                .SetProperty(j => j.RejectedCount, unmatched)
                .SetProperty(j => j.ResultJson, json), ct);
    }

    private void Log(PhotoRun run, string step) =>
        logger.LogInformation("Photo import {JobId} {Step}: {Matched} new, {Replaced} replaced, {Unmatched} unmatched",
            run.Job.Id, step, run.Created, run.Replaced, run.Result.Unmatched.Count);

    private async Task SaveBatchAsync(List<AdmissionPhoto> batch, DateTime now, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        // The previous photo stays as history: no longer current, with the time it was replaced.
        var ids = batch.Select(p => p.StudentId).ToList();
        await db.AdmissionPhotos.Where(p => p.IsCurrent && ids.Contains(p.StudentId))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsCurrent, false).SetProperty(p => p.ReplacedAt, now), ct);
        db.AdmissionPhotos.AddRange(batch);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        batch.Clear();
    }

    /// <summary>One pass over the zip: who can be matched, who was, the counts and the files that matched nobody.</summary>
    private sealed class PhotoRun(ImportJob job, ImportJobOptions jobOptions, ImportStatus status, int total, ChsiPhotoOptions spec)
    {
        public ImportJob Job { get; } = job;
        public ImportJobOptions JobOptions { get; } = jobOptions;
        public ImportStatus Status { get; } = status;
        public int Total { get; } = total;
        public Dictionary<string, int> ByKey { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Ambiguous { get; } = new(StringComparer.Ordinal);
        public HashSet<int> WithPhoto { get; } = [];
        public HashSet<int> Matched { get; } = [];
        public ImportResult Result { get; } = new();
        public int Processed { get; private set; }
        public int Created { get; private set; }
        public int Replaced { get; private set; }

        /// <summary>The student this file is the photo of, or null with the reason kept among the unmatched files.</summary>
        public int? Match(PhotoEntry entry)
        {
            Processed++;
            if (entry.Problem is not null)
            {
                return Unmatched(entry, entry.Problem);
            }

            var key = InputNormalizer.Normalize(Path.GetFileNameWithoutExtension(entry.FileName));
            if (Ambiguous.Contains(key))
            {
                return Unmatched(entry, new("多名学生的编号都是“{0}”，无法确定是谁的照片", key));
            }

            if (!ByKey.TryGetValue(key, out var studentId))
            {
                return Unmatched(entry, new(JobOptions.MatchBy == PhotoMatch.ExamNumber ? "没有考生号为“{0}”的学生" : "没有学号为“{0}”的学生", key));
            }

            if (!Matched.Add(studentId))
            {
                return Unmatched(entry, new("同一名学生有多张照片（文件名重复），只导入了第一张"));
            }

            CheckSpecification(entry);
            if (WithPhoto.Contains(studentId))
            {
                Replaced++;
            }
            else
            {
                Created++;
            }

            return studentId;
        }

        /// <summary>
        /// CHSI's specification, read from the header only: what a matched photo misses is listed for the registrar,
        /// who decides (the CHSI export converts any decodable photo); it never keeps the photo out.
        /// </summary>
        private void CheckSpecification(PhotoEntry entry)
        {
            var findings = ChsiPhotoSpec.Check(entry.Content ?? [], spec);
            if (findings.Count == 0)
            {
                return;
            }

            Result.PhotoWarningCount++;
            if (Result.PhotoWarnings.Count < ShownWarnings)
            {
                Result.PhotoWarnings.Add(new(entry.FileName, [.. findings]));
            }
        }

        private int? Unmatched(PhotoEntry entry, UserMessage reason)
        {
            Result.Unmatched.Add(new(entry.FileName, reason));
            return null;
        }
    }
}
