using System.Buffers.Binary;

namespace RegistryCheck.Web.Infrastructure.Files;

/// <summary>
/// Decides what an upload is from its bytes alone. The browser-supplied name and Content-Type are
/// attacker-controlled, so they are never consulted; the stored extension and served type come from here.
/// Every parser works on bounds-checked offsets into a span and advances at least one byte per step,
/// so hostile input can neither throw nor loop.
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
            return InspectJpeg(content, limits);
        }

        if (content.StartsWith(PngSignature))
        {
            return InspectPng(content, limits);
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

    private static FileInspection InspectJpeg(ReadOnlySpan<byte> data, FileLimits limits)
    {
        const string type = FileContentTypes.Jpeg;
        int? width = null;
        int? height = null;
        var pos = 2; // after SOI

        while (true)
        {
            if (pos >= data.Length)
            {
                return FileInspection.Rejected(FileRejection.Truncated, type, width, height);
            }

            if (data[pos] != 0xFF)
            {
                return FileInspection.Rejected(FileRejection.UnknownType);
            }

            // Any number of 0xFF fill bytes may precede a marker (ITU T.81 B.1.1.2).
            while (pos < data.Length && data[pos] == 0xFF)
            {
                pos++;
            }

            if (pos >= data.Length)
            {
                return FileInspection.Rejected(FileRejection.Truncated, type, width, height);
            }

            var marker = data[pos++];

            if (marker == 0x01 || marker is >= 0xD0 and <= 0xD7)
            {
                continue; // TEM / RSTn carry no length field
            }

            if (marker is 0x00 or 0xD8 or 0xD9)
            {
                // A stuffed zero, a second SOI or an EOI before any scan cannot occur in a real image.
                return FileInspection.Rejected(FileRejection.UnknownType);
            }

            if (data.Length - pos < 2)
            {
                return FileInspection.Rejected(FileRejection.Truncated, type, width, height);
            }

            int segmentLength = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            if (segmentLength < 2)
            {
                return FileInspection.Rejected(FileRejection.UnknownType);
            }

            if (data.Length - pos < segmentLength)
            {
                return FileInspection.Rejected(FileRejection.Truncated, type, width, height);
            }

            var segment = data.Slice(pos + 2, segmentLength - 2);

            if (IsStartOfFrame(marker))
            {
                // P, Y, X, Nf, then 3 bytes per component; a second SOF means a corrupt or hierarchical file.
                if (width is not null || segment.Length < 6 || segment.Length != 6 + (3 * segment[5]) || segment[5] == 0)
                {
                    return FileInspection.Rejected(FileRejection.UnknownType);
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);

                // Rejected here, before walking the rest, so the answer does not depend on what follows.
                if (!limits.AllowsDimensions(width.Value, height.Value))
                {
                    return FileInspection.Rejected(FileRejection.DimensionsOutOfRange, type, width, height);
                }
            }
            else if (marker == 0xDA)
            {
                if (width is null || height is null)
                {
                    return FileInspection.Rejected(FileRejection.UnknownType);
                }

                if (segment.Length < 1 || segment[0] is 0 or > 4 || segment.Length != 4 + (2 * segment[0]))
                {
                    return FileInspection.Rejected(FileRejection.UnknownType);
                }

                // EOI is optional (some cameras omit it), but a scan header with no scan data is a cut-off upload.
                var scan = data[(pos + segmentLength)..];
                if (scan.IsEmpty || (scan.Length >= 2 && scan[0] == 0xFF && scan[1] == 0xD9))
                {
                    return FileInspection.Rejected(FileRejection.Truncated, type, width, height);
                }

                return FileInspection.Valid(type, width, height);
            }

            pos += segmentLength;
        }
    }

    private static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    private static FileInspection InspectPng(ReadOnlySpan<byte> data, FileLimits limits)
    {
        const string type = FileContentTypes.Png;
        const int ihdrEnd = 8 + 8 + 13 + 4;

        if (data.Length < ihdrEnd)
        {
            return FileInspection.Rejected(FileRejection.Truncated, type);
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(data[8..]) != 13 || !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return FileInspection.Rejected(FileRejection.UnknownType);
        }

        if (Crc32.Compute(data.Slice(12, 17)) != BinaryPrimitives.ReadUInt32BigEndian(data[29..]))
        {
            return FileInspection.Rejected(FileRejection.UnknownType);
        }

        var ihdr = data.Slice(16, 13);
        long width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        long height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        if (!IsValidPngPixelFormat(ihdr[8], ihdr[9]) || ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1)
        {
            return FileInspection.Rejected(FileRejection.UnknownType);
        }

        int? reportedWidth = width <= int.MaxValue ? (int)width : null;
        int? reportedHeight = height <= int.MaxValue ? (int)height : null;
        if (!limits.AllowsDimensions(width, height))
        {
            return FileInspection.Rejected(FileRejection.DimensionsOutOfRange, type, reportedWidth, reportedHeight);
        }

        var pos = ihdrEnd;
        var sawIdat = false;
        while (true)
        {
            if (data.Length - pos < 12)
            {
                return FileInspection.Rejected(FileRejection.Truncated, type, reportedWidth, reportedHeight);
            }

            long length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            var chunkType = data.Slice(pos + 4, 4);
            if (length > int.MaxValue || !IsPngChunkType(chunkType))
            {
                return FileInspection.Rejected(FileRejection.UnknownType);
            }

            if (data.Length - pos - 12 < length)
            {
                return FileInspection.Rejected(FileRejection.Truncated, type, reportedWidth, reportedHeight);
            }

            if (chunkType.SequenceEqual("IHDR"u8))
            {
                return FileInspection.Rejected(FileRejection.UnknownType);
            }

            if (chunkType.SequenceEqual("IDAT"u8))
            {
                sawIdat = true;
            }
            else if (chunkType.SequenceEqual("IEND"u8))
            {
                return sawIdat && length == 0
                    ? FileInspection.Valid(type, reportedWidth, reportedHeight)
                    : FileInspection.Rejected(FileRejection.UnknownType);
            }

            pos += 12 + (int)length;
        }
    }

    private static bool IsValidPngPixelFormat(byte bitDepth, byte colorType) => colorType switch
    {
        0 => bitDepth is 1 or 2 or 4 or 8 or 16,
        3 => bitDepth is 1 or 2 or 4 or 8,
        2 or 4 or 6 => bitDepth is 8 or 16,
        _ => false,
    };

    private static bool IsPngChunkType(ReadOnlySpan<byte> chunkType)
    {
        foreach (var b in chunkType)
        {
            if (b is not (>= (byte)'A' and <= (byte)'Z') and not (>= (byte)'a' and <= (byte)'z'))
            {
                return false;
            }
        }

        return true;
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
