using System.Buffers.Binary;
using System.Text;

namespace RegistryCheck.Web.Infrastructure.Dbf;

/// <summary>
/// Writes a dBase III table (no memo file) of character fields in GBK, the form in which CHSI's record structure
/// travels. Widths are in bytes, as dBase counts them: a Chinese character takes two. A value is never cut and never
/// replaced by "?": <see cref="Fit"/> widens a field to its longest value up to the format's 254 bytes and names the
/// rows that still cannot be written (a character outside GBK, or more than 254 bytes), which the caller leaves out
/// and reports; <see cref="Write"/> refuses anything <see cref="Fit"/> would have refused. The types are nested so that
/// the reader of the same folder can name its own freely.
/// </summary>
public static class DbfWriter
{
    /// <summary>The longest character field dBase III allows (the length byte; 255 is refused by several readers).</summary>
    public const int MaxCharacterBytes = 254;

    /// <summary>The language-driver id of code page 936 (GBK, PRC), byte 29 of the header.</summary>
    public const byte LanguageDriverGbk = 0x7A;

    private const byte Version = 0x03;

    /// <summary>GBK (code page 936) that throws instead of writing "?" for a character it lacks (GB18030-only ones such as 𠮷 or 䶮).</summary>
    public static Encoding Gbk { get; } = CreateGbk();

    public sealed record Column(string Name, int Bytes);

    public enum ProblemKind
    {
        /// <summary>A character GBK does not hold.</summary>
        NotGbk,

        /// <summary>More bytes than a character field can hold.</summary>
        TooLong,
    }

    /// <summary>One value that cannot go into the table; <paramref name="Row"/> is the index into the caller's rows.</summary>
    public sealed record Problem(int Row, string Column, ProblemKind Kind, int Bytes);

    /// <summary>The columns as they will be written (widened where needed), the rows that fit, and why the others do not.</summary>
    public sealed record Plan(IReadOnlyList<Column> Columns, IReadOnlyList<int> WritableRows, IReadOnlyList<Problem> Problems);

    /// <summary>Widens each column to the longest value of the rows that can be written; never narrower than asked.</summary>
    public static Plan Fit(IReadOnlyList<Column> wanted, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        Validate(wanted);
        var problems = new List<Problem>();
        var writable = new List<int>();
        var widths = wanted.Select(c => c.Bytes).ToArray();
        var rowWidths = new int[wanted.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var before = problems.Count;
            for (var c = 0; c < wanted.Count; c++)
            {
                var value = Value(rows[r], c, wanted.Count);
                var bytes = ByteCount(value);
                rowWidths[c] = bytes ?? 0;
                if (bytes is null)
                {
                    problems.Add(new Problem(r, wanted[c].Name, ProblemKind.NotGbk, 0));
                }
                else if (bytes > MaxCharacterBytes)
                {
                    problems.Add(new Problem(r, wanted[c].Name, ProblemKind.TooLong, bytes.Value));
                }
            }

            if (problems.Count == before)
            {
                writable.Add(r);
                for (var c = 0; c < wanted.Count; c++)
                {
                    widths[c] = Math.Max(widths[c], rowWidths[c]);
                }
            }
        }

        var columns = wanted.Select((c, i) => c with { Bytes = widths[i] }).ToList();
        return new Plan(columns, writable, problems);
    }

    /// <summary>Writes the table; every value must fit its column and be GBK (use <see cref="Fit"/> first).</summary>
    public static void Write(Stream output, IReadOnlyList<Column> columns, IReadOnlyList<IReadOnlyList<string>> rows, DateOnly updated)
    {
        Validate(columns);
        var recordBytes = 1 + columns.Sum(c => c.Bytes);
        var headerBytes = DbfLayout.TableHeaderLength + (DbfLayout.DescriptorLength * columns.Count) + 1;
        if (recordBytes > ushort.MaxValue || headerBytes > ushort.MaxValue)
        {
            throw new ArgumentException("Too many columns for a dBase III table.", nameof(columns));
        }

        output.Write(Header(columns, rows.Count, headerBytes, recordBytes, updated));
        var record = new byte[recordBytes];
        foreach (var row in rows)
        {
            Record(record, columns, row);
            output.Write(record);
        }

        output.WriteByte(DbfLayout.EndOfFile);
    }

    /// <summary>The bytes a value takes in GBK, or null when GBK lacks one of its characters.</summary>
    public static int? ByteCount(string value)
    {
        try
        {
            return Gbk.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }

    private static byte[] Header(IReadOnlyList<Column> columns, int count, int headerBytes, int recordBytes, DateOnly updated)
    {
        var header = new byte[headerBytes];
        header[0] = Version;
        header[1] = (byte)Math.Clamp(updated.Year - 1900, 0, 255);
        header[2] = (byte)updated.Month;
        header[3] = (byte)updated.Day;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)count);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)headerBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), (ushort)recordBytes);
        header[29] = LanguageDriverGbk;
        for (var i = 0; i < columns.Count; i++)
        {
            var d = header.AsSpan(DbfLayout.TableHeaderLength + (DbfLayout.DescriptorLength * i), DbfLayout.DescriptorLength);
            Encoding.ASCII.GetBytes(columns[i].Name, d);
            d[11] = (byte)'C';
            d[16] = (byte)columns[i].Bytes;
            d[17] = 0;
        }

        header[headerBytes - 1] = DbfLayout.HeaderTerminator;
        return header;
    }

    private static void Record(byte[] record, IReadOnlyList<Column> columns, IReadOnlyList<string> row)
    {
        Array.Fill(record, (byte)' ');
        var at = 1;
        for (var c = 0; c < columns.Count; c++)
        {
            var value = Value(row, c, columns.Count);
            var bytes = ByteCount(value) ?? throw new ArgumentException($"A value of {columns[c].Name} is not GBK.", nameof(row));
            if (bytes > columns[c].Bytes)
            {
                throw new ArgumentException($"A value of {columns[c].Name} takes {bytes} bytes; the field has {columns[c].Bytes}.", nameof(row));
            }

            Gbk.GetBytes(value, record.AsSpan(at, bytes));
            at += columns[c].Bytes;
        }
    }

    private static string Value(IReadOnlyList<string> row, int column, int columns)
    {
        if (row.Count != columns)
        {
            throw new ArgumentException($"A row has {row.Count} values for {columns} columns.", nameof(row));
        }

        return row[column] ?? "";
    }

    private static void Validate(IReadOnlyList<Column> columns)
    {
        if (columns.Count is 0 or > 255)
        {
            throw new ArgumentException("A dBase III table has 1 to 255 fields.", nameof(columns));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns)
        {
            // Field names are at most 10 ASCII characters (byte 11 ends them); readers compare them without case.
            if (column.Name.Length is 0 or > 10 || !column.Name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_') || !char.IsAsciiLetter(column.Name[0]))
            {
                throw new ArgumentException($"'{column.Name}' is not a dBase field name.", nameof(columns));
            }

            if (column.Bytes is < 1 or > MaxCharacterBytes)
            {
                throw new ArgumentException($"{column.Name}: a character field has 1 to {MaxCharacterBytes} bytes.", nameof(columns));
            }

            if (!names.Add(column.Name))
            {
                throw new ArgumentException($"Field {column.Name} appears twice.", nameof(columns));
            }
        }
    }

    private static Encoding CreateGbk()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
