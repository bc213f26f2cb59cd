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

/// <summary>The whole zip is refused (bomb, too many entries, not a zip); nothing is imported.</summary>
public sealed class ZipRefusedException(UserMessage problem) : Exception(problem.Key)
{
    public UserMessage Problem { get; } = problem;
}

/// <summary>One file of the zip: its name (file name only) and either its bytes and inspection, or why it is unusable.</summary>
public sealed record PhotoEntry(string FileName, byte[]? Content, FileInspection? Inspection, UserMessage? Problem);

/// <summary>
/// Reads a photo zip entirely in memory: nothing is extracted to disk, entry paths are reduced to the file name,
/// nested archives are not opened, and decompression is measured by counting the bytes actually read, so a
/// header that lies about sizes gains nothing.
/// </summary>
public static class PhotoZip
{
    // Below this an entry is too small to matter; above it a photo never inflates by more than a few per cent.
    private const int RatioCheckFrom = 1024 * 1024;
    private static readonly string[] ArchiveExtensions = [".zip", ".rar", ".7z", ".gz", ".tar", ".tgz", ".bz2", ".xz"];

    public static ZipArchive Open(byte[] zip, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(options);
        ZipArchive archive;
        try
        {
            // Names without the UTF-8 flag come from Chinese Windows, which writes them in GBK.
            archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read, leaveOpen: false,
                entryNameEncoding: RosterFile.Gb18030);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or NotSupportedException or IOException)
        {
            throw new ZipRefusedException(new("该文件不是有效的 zip 压缩包"));
        }

        if (archive.Entries.Count > options.MaxPhotoEntries)
        {
            var count = archive.Entries.Count;
            archive.Dispose();
            throw new ZipRefusedException(new("压缩包中的文件过多（{0} 个，上限 {1} 个）",
                count.ToString(CultureInfo.InvariantCulture), options.MaxPhotoEntries.ToString(CultureInfo.InvariantCulture)));
        }

        return archive;
    }

    public static IEnumerable<PhotoEntry> Read(ZipArchive archive, ImportOptions options, FileLimits limits)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        long total = 0;
        var cap = (int)Math.Min(limits.PhotoMaxBytes + 1, int.MaxValue - 1);
        foreach (var entry in archive.Entries)
        {
            var path = entry.FullName.Replace('\\', '/');
            var name = Path.GetFileName(path);
            if (path.EndsWith('/') || name.Length == 0 || IsSystemJunk(path, name))
            {
                continue;
            }

            if (ArchiveExtensions.Contains(Path.GetExtension(name).ToLowerInvariant()))
            {
                yield return new(name, null, null, new("压缩包中的压缩包不会被打开，请解压后重新打包"));
                continue;
            }

            byte[] buffer;
            int read;
            UserMessage? damaged = null;
            try
            {
                (buffer, read) = ReadCapped(entry, cap);
            }
            catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException)
            {
                (buffer, read) = ([], 0);
                damaged = new("文件已损坏或加密，无法读取");
            }

            total += read;
            if (total > options.MaxPhotoTotalBytes)
            {
                throw new ZipRefusedException(new("压缩包解压后的总大小超过上限（{0}），已拒绝：这可能是“压缩炸弹”", Size(options.MaxPhotoTotalBytes)));
            }

            if (read >= RatioCheckFrom && read > Math.Max(entry.CompressedLength, 1) * options.MaxCompressionRatio)
            {
                throw new ZipRefusedException(new("压缩包中的“{0}”压缩比异常（超过 {1} 倍），已拒绝：这可能是“压缩炸弹”",
                    name, options.MaxCompressionRatio.ToString(CultureInfo.InvariantCulture)));
            }

            if (damaged is not null)
            {
                yield return new(name, null, null, damaged);
                continue;
            }

            if (read >= 4 && buffer[0] == 0x50 && buffer[1] == 0x4B && buffer[2] == 0x03 && buffer[3] == 0x04)
            {
                yield return new(name, null, null, new("压缩包中的压缩包不会被打开，请解压后重新打包"));
                continue;
            }

            if (read > limits.PhotoMaxBytes)
            {
                yield return new(name, null, null, new("照片超过 {0}", Size(limits.PhotoMaxBytes)));
                continue;
            }

            var content = buffer.AsSpan(0, read).ToArray();
            var inspection = UploadInspector.Inspect(content, UploadKind.AdmissionPhoto, limits);
            yield return inspection.IsValid
                ? new(name, content, inspection, null)
                : new(name, null, inspection, Rejection(inspection, limits));
        }
    }

    public static string Size(long bytes) => bytes >= 1024L * 1024 * 1024
        ? (bytes / (1024.0 * 1024 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB"
        : (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";

    private static UserMessage Rejection(FileInspection inspection, FileLimits limits) => inspection.Reason switch
    {
        FileRejection.TooLarge => new("照片超过 {0}", Size(limits.PhotoMaxBytes)),
        FileRejection.DimensionsOutOfRange => new("照片尺寸不合适（{0}×{1} 像素）",
            inspection.Width?.ToString(CultureInfo.InvariantCulture) ?? "?", inspection.Height?.ToString(CultureInfo.InvariantCulture) ?? "?"),
        FileRejection.Empty => new("文件是空的"),
        _ => new("不是 JPEG 或 PNG 图片（按文件内容判断）"),
    };

    private static (byte[] Buffer, int Read) ReadCapped(ZipArchiveEntry entry, int cap)
    {
        using var stream = entry.Open();
        // The header's size is only a hint for the first allocation; the cap is what bounds it.
        var buffer = new byte[(int)Math.Clamp(entry.Length + 1, 1, Math.Min(cap, 256 * 1024))];
        var total = 0;
        while (total < cap)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(cap, buffer.Length * 2));
            }

            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return (buffer, total);
    }

    private static bool IsSystemJunk(string path, string name) =>
        path.StartsWith("__MACOSX/", StringComparison.Ordinal) || name.StartsWith("._", StringComparison.Ordinal)
        || name is ".DS_Store" or "Thumbs.db" or "desktop.ini";
}

/// <summary>The worker's two steps for a photo zip: a preview of what would match, then the import in one transaction.</summary>
public sealed class PhotoImportHandler(
    RegistryDbContext db, CampaignClock clock, IOptions<ImportOptions> options, ImportProgress progress, ImportJobStore store,
    ImportHooks hooks, ILogger<PhotoImportHandler> logger)
{
    private const int ShownWithoutPhoto = 100;
    private readonly ImportOptions _options = options.Value;

    public Task ValidateAsync(int jobId, CancellationToken ct) => RunAsync(jobId, apply: false, ct);

    public Task CommitAsync(int jobId, CancellationToken ct) => RunAsync(jobId, apply: true, ct);

    private async Task RunAsync(int jobId, bool apply, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        var jobOptions = ImportJobOptions.Read(job.Options);
        var content = await db.ImportFiles.AsNoTracking().Where(f => f.ImportJobId == jobId).Select(f => f.Content).SingleOrDefaultAsync(ct);
        if (content is null)
        {
            await store.FailAsync(jobId, new UserMessage("上传的文件已不存在，请重新上传。"), ct);
            return;
        }

        var status = apply ? ImportStatus.Committing : ImportStatus.Validating;
        var isSqlite = db.Database.IsSqlite();
        var now = clock.UtcNow;
        try
        {
            using var archive = PhotoZip.Open(content, _options);
            var total = archive.Entries.Count;
            progress.Set(jobId, status, 0, total);
            await using var tx = apply ? await db.Database.BeginTransactionAsync(ct) : null;

            var students = await db.Students.AsNoTracking()
                .Select(s => new { s.Id, Key = jobOptions.MatchBy == PhotoMatch.ExamNumber ? s.ExamNumber : s.StudentNumber })
                .ToListAsync(ct);
            var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
            var ambiguous = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in students.Where(s => !string.IsNullOrEmpty(s.Key)))
            {
                if (!byKey.TryAdd(s.Key!, s.Id))
                {
                    ambiguous.Add(s.Key!);
                }
            }

            var withPhoto = (await db.AdmissionPhotos.AsNoTracking().Where(p => p.IsCurrent).Select(p => p.StudentId).ToListAsync(ct)).ToHashSet();
            var matchedStudents = new HashSet<int>();
            var result = new ImportResult();
            int created = 0, replaced = 0, processed = 0;
            var batch = new List<AdmissionPhoto>();
            var batchBytes = 0L;

            foreach (var entry in PhotoZip.Read(archive, _options, FileLimits.Default))
            {
                processed++;
                if (entry.Problem is not null)
                {
                    result.Unmatched.Add(new(entry.FileName, entry.Problem));
                }
                else
                {
                    var key = InputNormalizer.Normalize(Path.GetFileNameWithoutExtension(entry.FileName));
                    if (ambiguous.Contains(key))
                    {
                        result.Unmatched.Add(new(entry.FileName, new("多名学生的编号都是“{0}”，无法确定是谁的照片", key)));
                    }
                    else if (!byKey.TryGetValue(key, out var studentId))
                    {
                        result.Unmatched.Add(new(entry.FileName, new(jobOptions.MatchBy == PhotoMatch.ExamNumber
                            ? "没有考生号为“{0}”的学生" : "没有学号为“{0}”的学生", key)));
                    }
                    else if (!matchedStudents.Add(studentId))
                    {
                        result.Unmatched.Add(new(entry.FileName, new("同一名学生有多张照片（文件名重复），只导入了第一张")));
                    }
                    else
                    {
                        if (withPhoto.Contains(studentId))
                        {
                            replaced++;
                        }
                        else
                        {
                            created++;
                        }

                        if (apply)
                        {
                            batch.Add(new AdmissionPhoto
                            {
                                StudentId = studentId, Content = entry.Content!, ContentType = entry.Inspection!.ContentType!,
                                Width = entry.Inspection.Width ?? 0, Height = entry.Inspection.Height ?? 0, SizeBytes = entry.Content!.Length,
                                IsCurrent = true, UploadedAt = now, UploadedByUserId = jobOptions.CommittedByUserId ?? job.CreatedByUserId,
                                SourceFileName = entry.FileName.Length <= 255 ? entry.FileName : entry.FileName[^255..],
                            });
                            batchBytes += entry.Content.Length;
                        }
                    }
                }

                // Photos are heavy: a batch is bounded by bytes as well as by count.
                if (apply && (batch.Count >= Math.Max(1, _options.BatchSize / 10) || batchBytes > 32 * 1024 * 1024))
                {
                    await SaveBatchAsync(batch, now, ct);
                    batchBytes = 0;
                    if (hooks.AfterCommitBatch is { } hook)
                    {
                        await hook(processed);
                    }
                }

                if (processed % 50 == 0)
                {
                    progress.Set(jobId, status, processed, total);
                    if (!apply || !isSqlite)
                    {
                        await store.ProgressAsync(jobId, processed, total, ct);
                    }
                }
            }

            if (apply)
            {
                await SaveBatchAsync(batch, now, ct);
            }

            var without = await db.Students.AsNoTracking()
                .Where(s => !db.AdmissionPhotos.Any(p => p.StudentId == s.Id && p.IsCurrent))
                .OrderBy(s => s.StudentNumber)
                .Select(s => new { s.Id, s.StudentNumber })
                .ToListAsync(ct);
            var stillWithout = without.Where(s => !matchedStudents.Contains(s.Id)).ToList();
            result.WithoutPhotoCount = stillWithout.Count;
            result.WithoutPhoto = stillWithout.Take(ShownWithoutPhoto).Select(s => s.StudentNumber).ToList();
            var json = result.Write();
            var unmatched = result.Unmatched.Count;
            await db.ImportJobs.Where(j => j.Id == jobId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, apply ? ImportStatus.Completed : ImportStatus.Previewed)
                    .SetProperty(j => j.CompletedAt, apply ? now : null)
                    .SetProperty(j => j.TotalRows, processed)
                    .SetProperty(j => j.ProcessedRows, processed)
                    .SetProperty(j => j.NewCount, created)
                    .SetProperty(j => j.UpdatedCount, replaced)
                    .SetProperty(j => j.UnchangedCount, 0)
                    .SetProperty(j => j.RejectedCount, unmatched)
                    .SetProperty(j => j.ResultJson, json), ct);
            if (apply)
            {
                db.AuditLog.Add(ImportAudit.Entry(job, jobOptions, now, string.Create(CultureInfo.InvariantCulture,
                    $"kind=photos file={job.FileName} matched={created} replaced={replaced} unmatched={unmatched} without-photo={result.WithoutPhotoCount}")));
                await db.SaveChangesAsync(ct);
                await db.ImportFiles.Where(f => f.ImportJobId == jobId).ExecuteDeleteAsync(ct);
                await tx!.CommitAsync(ct);
            }

            logger.LogInformation("Photo import {JobId} {Step}: {Matched} new, {Replaced} replaced, {Unmatched} unmatched",
                jobId, apply ? "committed" : "validated", created, replaced, unmatched);
        }
        catch (ZipRefusedException ex)
        {
            logger.LogWarning("Photo import {JobId} refused: {Reason}", jobId, ex.Problem.Key);
            await store.FailAsync(jobId, ex.Problem, ct);
        }
    }

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
}
