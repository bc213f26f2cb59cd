using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure;
using RegistryCheck.Web.Infrastructure.Files;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Import;

public sealed record UploadOutcome(int? JobId, UserMessage? Problem)
{
    public static UploadOutcome Refused(UserMessage problem) => new(null, problem);
}

/// <summary>
/// Stores an upload as an import job and queues it; returns at once. The file is checked first (kind, header,
/// zip directory), so anything that is not a roster or a photo zip is refused here and nothing is stored.
/// </summary>
public sealed class UploadImportHandler(RegistryDbContext db, ImportQueue queue, CampaignClock clock, IOptions<ImportOptions> options)
{
    private readonly ImportOptions _options = options.Value;

    public async Task<UploadOutcome> RosterAsync(IFormFile? file, bool createUnknown, int userId, CancellationToken ct)
    {
        var (bytes, problem) = await ReadAsync(file, _options.MaxRosterBytes, ct);
        if (bytes is null)
        {
            return UploadOutcome.Refused(problem!);
        }

        try
        {
            using var roster = RosterFile.Open(bytes);
            if (!roster.HasDataRows())
            {
                return UploadOutcome.Refused(new("名册中没有数据行"));
            }
        }
        catch (RosterFileException ex)
        {
            return UploadOutcome.Refused(ex.Problem);
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
        {
            return UploadOutcome.Refused(RosterFile.NotASpreadsheet().Problem);
        }

        return new(await StoreAsync(ImportKind.Roster, file!, bytes, new ImportJobOptions { CreateUnknown = createUnknown }, userId, ct), null);
    }

    public async Task<UploadOutcome> PhotosAsync(IFormFile? file, PhotoMatch matchBy, int userId, CancellationToken ct)
    {
        var (bytes, problem) = await ReadAsync(file, _options.MaxPhotoZipBytes, ct);
        if (bytes is null)
        {
            return UploadOutcome.Refused(problem!);
        }

        try
        {
            using var archive = PhotoZip.Open(bytes, _options);
        }
        catch (ZipRefusedException ex)
        {
            return UploadOutcome.Refused(ex.Problem);
        }

        return new(await StoreAsync(ImportKind.Photos, file!, bytes, new ImportJobOptions { MatchBy = matchBy }, userId, ct), null);
    }

    private static async Task<(byte[]? Bytes, UserMessage? Problem)> ReadAsync(IFormFile? file, long max, CancellationToken ct)
    {
        if (file is null)
        {
            return (null, new("请选择要上传的文件"));
        }

        await using var stream = file.OpenReadStream();
        var (bytes, reason) = await UploadInspector.ReadBoundedAsync(stream, max, ct);
        return reason switch
        {
            FileRejection.Empty => (null, new("文件是空的")),
            FileRejection.TooLarge => (null, new("文件超过 {0}", PhotoZip.Size(max))),
            _ => (bytes, null),
        };
    }

    private async Task<int> StoreAsync(ImportKind kind, IFormFile file, byte[] bytes, ImportJobOptions jobOptions, int userId, CancellationToken ct)
    {
        var job = new ImportJob
        {
            Kind = kind,
            Status = ImportStatus.Uploaded,
            FileName = TextInput.SafeFileName(file.FileName),
            CreatedByUserId = userId,
            CreatedAt = clock.UtcNow,
            Options = jobOptions.Write(),
        };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        db.ImportFiles.Add(new ImportFile { ImportJobId = job.Id, Content = bytes });
        await db.SaveChangesAsync(ct);
        queue.Enqueue(job.Id);
        return job.Id;
    }
}
