using RegistryCheck.Web.Infrastructure.Images;
using SkiaSharp;

namespace RegistryCheck.Web.Infrastructure.Files;

/// <summary>
/// Decides what an upload is from its bytes alone. The browser-supplied name and Content-Type are
/// attacker-controlled, so they are never consulted; the stored extension and served type come from here.
/// JPEG and PNG are read by SkiaSharp (ADR-014): the header for the type and dimensions, then a bounded
/// row-by-row decode for completeness; PDF only needs its header and trailer.
/// </summary>
public static class UploadInspector
{
    private const int PdfHeaderWindow = 1024;
    private const int PdfTrailerWindow = 1024;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> PdfHeader1 => "%PDF-1."u8;

    private static ReadOnlySpan<byte> PdfHeader2 => "%PDF-2."u8;

    private static ReadOnlySpan<byte> PdfEof => "%%EOF"u8;

    public static FileInspection Inspect(ReadOnlySpan<byte> content, UploadKind kind) =>
        Inspect(content, kind, FileLimits.Default);

    public static FileInspection Inspect(ReadOnlySpan<byte> content, UploadKind kind, FileLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var maxBytes = limits.MaxBytesFor(kind);

        if (content.IsEmpty)
        {
            return FileInspection.Rejected(FileRejection.Empty);
        }

        if (content.Length > maxBytes)
        {
            return FileInspection.Rejected(FileRejection.TooLarge);
        }

        if (content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF)
        {
            return InspectImage(content, ImageFormat.Jpeg, limits);
        }

        if (content.StartsWith(PngSignature))
        {
            return InspectImage(content, ImageFormat.Png, limits);
        }

        var headerWindow = content[..Math.Min(content.Length, PdfHeaderWindow)];
        if (headerWindow.IndexOf(PdfHeader1) >= 0 || headerWindow.IndexOf(PdfHeader2) >= 0)
        {
            // Checked before the trailer so a PDF photo is told "wrong kind" rather than "broken".
            return kind == UploadKind.AdmissionPhoto
                ? FileInspection.Rejected(FileRejection.NotAllowedForKind, FileContentTypes.Pdf)
                : InspectPdf(content);
        }

        return FileInspection.Rejected(FileRejection.UnknownType);
    }

    /// <summary>
    /// Buffers an upload without trusting its declared length: reads at most <paramref name="maxBytes"/> + 1
    /// bytes, so an oversized or endless body costs a bounded amount of memory and I/O.
    /// </summary>
    /// <returns>The bytes when 1..maxBytes long; otherwise null with <see cref="FileRejection.Empty"/> or <see cref="FileRejection.TooLarge"/>.</returns>
    public static async Task<(byte[]? Bytes, FileRejection Reason)> ReadBoundedAsync(
        Stream s, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxBytes, (long)Array.MaxLength);

        var limit = maxBytes + 1;

        // Start small and grow: a tiny photo should not allocate the whole limit up front.
        var buffer = new byte[(int)Math.Min(limit, 64 * 1024)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length == limit)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min(limit, (long)buffer.Length * 2));
            }

            var read = await s.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total == 0)
        {
            return (null, FileRejection.Empty);
        }

        if (total > maxBytes)
        {
            return (null, FileRejection.TooLarge);
        }

        if (total != buffer.Length)
        {
            Array.Resize(ref buffer, total);
        }

        return (buffer, FileRejection.None);
    }

    /// <summary>
    /// The header is read first (SKCodec stops after the markers or IHDR), so oversized dimensions are refused
    /// before a pixel is decoded; only then is the whole image decoded, row by row, to prove it is complete.
    /// </summary>
    private static FileInspection InspectImage(ReadOnlySpan<byte> content, ImageFormat expected, FileLimits limits)
    {
        var type = expected == ImageFormat.Jpeg ? FileContentTypes.Jpeg : FileContentTypes.Png;
        using var data = SKData.CreateCopy(content);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var opened);
        if (codec is null)
        {
            // A signature followed by a header cut short is an interrupted upload, not some other kind of file.
            return opened == SKCodecResult.IncompleteInput
                ? FileInspection.Rejected(FileRejection.Truncated, type)
                : FileInspection.Rejected(FileRejection.UnknownType);
        }

        var header = ImageHeader.From(codec);
        if (header.Format != expected)
        {
            return FileInspection.Rejected(FileRejection.UnknownType);
        }

        if (!limits.AllowsDimensions(header.Width, header.Height))
        {
            return FileInspection.Rejected(FileRejection.DimensionsOutOfRange, type, header.Width, header.Height);
        }

        return ImageDecoding.DecodesCompletely(codec) switch
        {
            DecodeOutcome.Complete => FileInspection.Valid(type, header.Width, header.Height),
            DecodeOutcome.Incomplete => FileInspection.Rejected(FileRejection.Truncated, type, header.Width, header.Height),
            _ => FileInspection.Rejected(FileRejection.UnknownType),
        };
    }

    private static FileInspection InspectPdf(ReadOnlySpan<byte> data)
    {
        const string type = FileContentTypes.Pdf;
        var headerWindow = data[..Math.Min(data.Length, PdfHeaderWindow)];
        var headerAt = headerWindow.IndexOf(PdfHeader1);
        var alternative = headerWindow.IndexOf(PdfHeader2);
        if (headerAt < 0 || (alternative >= 0 && alternative < headerAt))
        {
            headerAt = alternative;
        }

        // The trailer must follow the header, or a tiny "%PDF-1.%%EOF"-style overlap would count as both.
        var trailerStart = Math.Max(headerAt + PdfHeader1.Length, data.Length - PdfTrailerWindow);
        return data[trailerStart..].IndexOf(PdfEof) >= 0
            ? FileInspection.Valid(type)
            : FileInspection.Rejected(FileRejection.Truncated, type);
    }
}
