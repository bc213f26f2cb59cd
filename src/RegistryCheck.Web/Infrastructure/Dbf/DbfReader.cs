using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace RegistryCheck.Web.Infrastructure.Dbf;

/// <summary>
/// Reads a dBase III/IV (and FoxPro-compatible) table held in memory: the 32-byte table header, the 32-byte field
/// descriptors up to the 0x0D terminator, then fixed-length records that start with a deletion flag (' ' live,
/// '*' deleted). No library for the format is served here, so this is a small reader of the published layout;
/// it trusts nothing the header says until it has checked it against the file's length (docs/chsi.md, "Reading").
/// Memory: the caller's byte array plus one record's strings at a time.
/// </summary>
public static class DbfReader
{
    // dBase allows 255 fields (Visual FoxPro too); a few more are tolerated, thousands are not a table.
    private const int MaxFields = 1024;

    static DbfReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Whether the bytes start like a dBase table: a version byte the reader knows, a plausible update date, and a
    /// first field descriptor with a letter for its type. Cheap, for choosing the reader by content, not by file name;
    /// a file that passes may still be refused by <see cref="Read(byte[], DbfReadOptions)"/> with a precise reason (truncated, count lies).
    /// </summary>
    public static bool LooksLikeDbf(ReadOnlySpan<byte> content)
    {
        if (content.Length < DbfLayout.TableHeaderLength + 12 || !IsKnownVersion(content[0]) || content[2] > 12 || content[3] > 31)
        {
            return false;
        }

        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(content[8..]);
        var recordLength = BinaryPrimitives.ReadUInt16LittleEndian(content[10..]);
        var firstType = (char)content[DbfLayout.TableHeaderLength + 11];
        return headerLength >= DbfLayout.TableHeaderLength + DbfLayout.DescriptorLength + 1 && recordLength >= 2 && char.IsAsciiLetter(firstType);
    }

    public static DbfTable Read(byte[] content) => Read(content, DbfReadOptions.Default);

    /// <summary>Checks the header and the file's length; throws <see cref="DbfFormatException"/> for anything else.</summary>
    public static DbfTable Read(byte[] content, DbfReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        if (content.Length == 0 || !IsKnownVersion(content[0]))
        {
            throw new DbfFormatException(DbfProblem.NotADbf);
        }

        if (content.Length < DbfLayout.TableHeaderLength)
        {
            throw new DbfFormatException(DbfProblem.Truncated);
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(content.AsSpan(4));
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(content.AsSpan(8));
        int recordLength = BinaryPrimitives.ReadUInt16LittleEndian(content.AsSpan(10));
        if (declared > (uint)options.MaxRecords)
        {
            throw new DbfFormatException(DbfProblem.TooManyRecords, declared, options.MaxRecords);
        }

        var encoding = EncodingFor(content[29], options);
        var fields = ReadFields(content, headerLength, encoding);
        var widths = fields.Sum(f => f.Length) + 1;
        if (recordLength < widths)
        {
            throw new DbfFormatException(DbfProblem.BadRecordLength, recordLength, widths);
        }

        CheckRecordCount(content.Length, headerLength, recordLength, (int)declared, content);
        return new DbfTable(content[0], UpdateDate(content), (int)declared, content[29], encoding, fields, headerLength, recordLength, content);
    }

    private static List<DbfFieldDescriptor> ReadFields(byte[] content, int headerLength, Encoding encoding)
    {
        if (headerLength < DbfLayout.TableHeaderLength + DbfLayout.DescriptorLength + 1)
        {
            throw new DbfFormatException(DbfProblem.BadHeader, headerLength);
        }

        var fields = new List<DbfFieldDescriptor>();
        var offset = 1;
        for (var at = DbfLayout.TableHeaderLength; ; at += DbfLayout.DescriptorLength)
        {
            if (at >= content.Length)
            {
                throw new DbfFormatException(DbfProblem.Truncated);
            }

            if (content[at] == DbfLayout.HeaderTerminator)
            {
                // The header may be longer than the descriptors (Visual FoxPro's 263-byte backlink), never shorter.
                if (at + 1 > headerLength || fields.Count == 0)
                {
                    throw new DbfFormatException(DbfProblem.BadHeader, headerLength, at + 1);
                }

                return fields;
            }

            if (at + DbfLayout.DescriptorLength > Math.Min(headerLength, content.Length) || fields.Count >= MaxFields)
            {
                throw new DbfFormatException(at + DbfLayout.DescriptorLength > content.Length ? DbfProblem.Truncated : DbfProblem.BadHeader, headerLength, at);
            }

            var field = ReadDescriptor(content.AsSpan(at, DbfLayout.DescriptorLength), offset, encoding);
            fields.Add(field);
            offset += field.Length;
        }
    }

    private static DbfFieldDescriptor ReadDescriptor(ReadOnlySpan<byte> descriptor, int offset, Encoding encoding)
    {
        var nameBytes = descriptor[..11];
        var nul = nameBytes.IndexOf((byte)0);
        var name = encoding.GetString(nul >= 0 ? nameBytes[..nul] : nameBytes).Trim();
        var type = char.ToUpperInvariant((char)descriptor[11]);
        int length = descriptor[16];
        int decimals = descriptor[17];
        if (type == 'C' && decimals > 0)
        {
            // Clipper and FoxPro store the high byte of a character field's width (over 255) in the decimal count.
            length += decimals * 256;
            decimals = 0;
        }

        if (length == 0 || name.Length == 0)
        {
            throw new DbfFormatException(DbfProblem.BadHeader, offset);
        }

        return new DbfFieldDescriptor(name, type, length, decimals, offset);
    }

    /// <summary>
    /// The header's count must match the file: fewer complete records than declared is a truncated file; room for
    /// more records than declared (not behind an end-of-file mark) means a tool wrote records without updating the
    /// count — reading only the declared ones would silently drop students, so both are refused.
    /// </summary>
    private static void CheckRecordCount(int fileLength, int headerLength, int recordLength, int declared, byte[] content)
    {
        if (headerLength > fileLength)
        {
            throw new DbfFormatException(DbfProblem.Truncated, declared, 0);
        }

        long available = fileLength - headerLength;
        var complete = available / recordLength;
        if (complete < declared)
        {
            throw new DbfFormatException(DbfProblem.Truncated, declared, complete);
        }

        var end = headerLength + ((long)declared * recordLength);
        if (fileLength - end >= recordLength && content[end] != DbfLayout.EndOfFile)
        {
            throw new DbfFormatException(DbfProblem.RecordCountMismatch, declared, complete);
        }
    }

    internal static string? Decode(DbfFieldDescriptor field, ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        switch (field.Type)
        {
            case 'C':
                return encoding.GetString(bytes).TrimEnd(' ', '\0');
            case 'N' or 'F' or 'D':
                return Encoding.ASCII.GetString(bytes).Trim(' ', '\0');
            case 'L':
                var flag = Encoding.ASCII.GetString(bytes).Trim(' ', '\0');
                return flag == "?" ? "" : flag;
            case 'I' when bytes.Length == 4:
                return BinaryPrimitives.ReadInt32LittleEndian(bytes).ToString(CultureInfo.InvariantCulture);
            default:
                return null;
        }
    }

    /// <summary>The code page the language-driver byte names (dBase and FoxPro numbering); the default otherwise.</summary>
    public static Encoding EncodingFor(byte languageDriver, DbfReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var codePage = languageDriver switch
        {
            0x01 => 437,
            0x02 => 850,
            0x03 or 0x57 or 0x58 or 0x59 => 1252,
            0x26 or 0x65 => 866,
            0x64 => 852,
            0x4E or 0x79 => 949,
            0x4F or 0x78 => 950,
            0x50 or 0x7C => 874,
            0x7B => 932,
            0x7D => 1255,
            0x7E => 1256,
            0xC8 => 1250,
            0xC9 => 1251,
            0xCA => 1254,
            0xCB => 1253,
            _ => 0, // 0x00 (none), 0x4D and 0x7A (GBK, PRC) and anything unknown: the default, GBK-compatible.
        };

        return codePage == 0 ? options.DefaultEncoding ?? Encoding.GetEncoding(54936) : Encoding.GetEncoding(codePage);
    }

    private static bool IsKnownVersion(byte version) =>
        version is 0x02 or 0x03 or 0x04 or 0x05 or 0x30 or 0x31 or 0x32 or 0x43 or 0x63 or 0x83 or 0x8B or 0x8E or 0xCB or 0xF5 or 0xFB;

    private static DateOnly? UpdateDate(byte[] content)
    {
        var year = content[1] + 1900;
        // Tools written after 1999 differ: some store years since 1900 (126 = 2026), some since 2000 (26).
        if (year < 1980)
        {
            year += 100;
        }

        return content[2] is >= 1 and <= 12 && content[3] >= 1 && content[3] <= DateTime.DaysInMonth(year, content[2])
            ? new DateOnly(year, content[2], content[3])
            : null;
    }
}
