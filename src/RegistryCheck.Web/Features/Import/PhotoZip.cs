using System.Globalization;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Web.Infrastructure.Files;

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

    // One pass over the entries with the running total of inflated bytes and each entry's own cap, both checked as it reads:
    // kept together so that no entry can be read before every cap has been applied to it.
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
