using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Files;
using RegistryCheck.Web.Infrastructure.Images;

namespace RegistryCheck.Web.Features.ChsiPhotos;

/// <summary>
/// Streams the zip to the response: each photo is read, converted to CHSI's specification, written, sent and
/// dropped before the next is read, so memory holds one photo (and its entry) whatever the campaign's size.
/// </summary>
public sealed class ExportChsiPhotosHandler(
    RegistryDbContext db, AuditLog audit, IOptions<ChsiPhotoOptions> spec, IStringLocalizer<SharedResource> l,
    ILogger<ExportChsiPhotosHandler> logger)
{
    public const string NoteFileName = "说明.txt";

    /// <summary>Audited before the first byte goes out: a download cut short was still a download.</summary>
    public async Task AuditAsync(ChsiPhotoPlan plan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        audit.Add(AuditActions.Export, "campaign", plan.CampaignId, string.Create(CultureInfo.InvariantCulture,
            $"chsi-photos;college={plan.CollegeId?.ToString(CultureInfo.InvariantCulture) ?? "all"};by={plan.Naming};photos={plan.Entries.Count};left-out={plan.LeftOut.Count}"));
        await db.SaveChangesAsync(ct);
    }

    public async Task WriteAsync(ChsiPhotoPlan plan, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var notes = plan.LeftOut.Select(x => Line(x.StudentNumber, x.Name, x.Reason.Localize(l))).ToList();
        // ZipArchive writes parts of an entry synchronously even through its async API, and Kestrel refuses synchronous
        // writes to the response body: the archive writes into a buffer drained asynchronously after every entry.
        using var buffer = new EntryBuffer();
        await using (var zip = await ZipArchive.CreateAsync(buffer, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8, ct))
        {
            await WriteEntriesAsync(zip, buffer, plan, notes, output, ct);
        }

        // Disposing the archive wrote the central directory into the buffer.
        await buffer.DrainToAsync(output, ct);
        logger.LogInformation("CHSI photos of campaign {CampaignId} written: {Photos} photos, {Notes} notes", plan.CampaignId, plan.Entries.Count, notes.Count);
    }

    private async Task WriteEntriesAsync(ZipArchive zip, EntryBuffer buffer, ChsiPhotoPlan plan, List<string> notes, Stream output, CancellationToken ct)
    {
        var o = spec.Value;
        foreach (var entry in plan.Entries)
        {
            var content = await db.AdmissionPhotos.AsNoTracking().Where(p => p.Id == entry.PhotoId).Select(p => p.Content).FirstAsync(ct);
            var converted = ChsiPhotoConverter.Convert(content, o.Width, o.Height, o.MinBytes, o.MaxBytes);
            if (converted is null)
            {
                notes.Add(Line(entry.StudentNumber, "", l["照片无法解码，未导出"]));
                continue;
            }

            if (!converted.InWindow)
            {
                notes.Add(Line(entry.StudentNumber, "", l["转换后大小为 {0} KB，不在 {1}–{2} KB 之内，请人工处理",
                    ChsiPhotoSpec.Kb(converted.Jpeg.Length), ChsiPhotoSpec.Kb(o.MinBytes), ChsiPhotoSpec.Kb(o.MaxBytes)]));
            }

            // JPEG does not compress further: stored, so the zip costs no CPU beyond the conversion.
            var file = zip.CreateEntry(entry.EntryName, CompressionLevel.NoCompression);
            await using (var stream = await file.OpenAsync(ct))
            {
                await stream.WriteAsync(converted.Jpeg, ct);
            }

            await buffer.DrainToAsync(output, ct);
        }

        if (notes.Count > 0)
        {
            var file = zip.CreateEntry(NoteFileName, CompressionLevel.Optimal);
            await using var stream = await file.OpenAsync(ct);
            var text = l["以下学生的照片报告已更正，但未包含在压缩包中："] + "\r\n" + string.Join("\r\n", notes) + "\r\n";
            await stream.WriteAsync(new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble(), ct);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        }
    }

    private static string Line(string studentNumber, string name, string reason) =>
        name.Length == 0 ? $"{studentNumber}\t{reason}" : $"{studentNumber}\t{name}\t{reason}";
}
