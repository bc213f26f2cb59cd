using System.Globalization;
using System.IO.Compression;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// Caps for every roster reader, in one place: the .xlsx reader today, and the .xls and .dbf readers of the CHSI
/// files, which take the row cap and (for the zip-based formats) the inflation caps from here. Bound from the
/// <c>Import</c> section, beside the photo zip's caps.
/// </summary>
public sealed class RosterLimits
{
    /// <summary>Data rows a roster may hold. A university's intake is a few thousand; 200,000 covers a province.</summary>
    public int MaxRosterRows { get; set; } = 200_000;

    /// <summary>Files inside an .xlsx (a real workbook has a dozen or two).</summary>
    public int MaxRosterZipEntries { get; set; } = 1_000;

    /// <summary>Bytes actually inflated from an .xlsx, all parts together. 200,000 rows of 20 columns are ~150 MiB of XML.</summary>
    public long MaxRosterInflatedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Sheet XML compresses 5–20 times; more than this is a bomb, not a spreadsheet.</summary>
    public int MaxRosterCompressionRatio { get; set; } = 100;

    /// <summary>Characters of the shared-string table kept in memory while the sheet is read.</summary>
    public long MaxRosterSharedStringChars { get; set; } = 32L * 1024 * 1024;

    public static RosterLimits Default { get; } = new();

    public RosterFileException TooManyRows() =>
        new(new("名册的行数超过上限（{0} 行），请分批导入", MaxRosterRows.ToString("N0", CultureInfo.InvariantCulture)));

    public RosterFileException TooMuchText() =>
        new(new("工作簿中的文字总量超过上限，已拒绝：这可能是“压缩炸弹”"));

    /// <summary>
    /// Inflates every entry of a zip-based workbook once, into a small reused buffer, counting the bytes actually
    /// produced (a header that lies about sizes gains nothing), and refuses before the parser ever sees a bomb.
    /// Memory: one 64 KiB buffer and the zip's directory; time: at most <see cref="MaxRosterInflatedBytes"/> inflated.
    /// </summary>
    public void CheckZip(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var archive = OpenZip(content);
        if (archive.Entries.Count > MaxRosterZipEntries)
        {
            throw new RosterFileException(new("工作簿中的文件过多（{0} 个，上限 {1} 个）",
                archive.Entries.Count.ToString(CultureInfo.InvariantCulture), MaxRosterZipEntries.ToString(CultureInfo.InvariantCulture)));
        }

        var buffer = new byte[64 * 1024];
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            long read = 0;
            try
            {
                using var stream = entry.Open();
                int n;
                while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    read += n;
                    total += n;
                    if (total > MaxRosterInflatedBytes)
                    {
                        throw new RosterFileException(new("工作簿解压后的大小超过上限（{0}），已拒绝：这可能是“压缩炸弹”", PhotoZip.Size(MaxRosterInflatedBytes)));
                    }

                    if (read >= RatioCheckFrom && read > Math.Max(entry.CompressedLength, 1) * MaxRosterCompressionRatio)
                    {
                        throw new RosterFileException(new("工作簿中的“{0}”压缩比异常（超过 {1} 倍），已拒绝：这可能是“压缩炸弹”",
                            Path.GetFileName(entry.FullName), MaxRosterCompressionRatio.ToString(CultureInfo.InvariantCulture)));
                    }
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException)
            {
                throw RosterFile.NotASpreadsheet();
            }
        }
    }

    // Below this a part is too small to matter, whatever its ratio (an empty styles part compresses 30-fold).
    private const int RatioCheckFrom = 1024 * 1024;

    private static ZipArchive OpenZip(byte[] content)
    {
        try
        {
            return new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or NotSupportedException or IOException)
        {
            throw RosterFile.NotASpreadsheet();
        }
    }
}
