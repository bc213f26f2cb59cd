using System.Globalization;
using System.Text;
using ExcelDataReader;
using RegistryCheck.Web.Infrastructure.Dbf;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// The readers of CHSI's other roster forms: Excel 97–2003 (.xls, BIFF8, through ExcelDataReader) and dBase tables
/// (.dbf, through the portal's own <see cref="DbfReader"/>). Both yield the same rows as the .xlsx and CSV readers,
/// under the same caps, so the header search (title rows), the field rules (dates, 学制) and the "digits lost" check
/// apply to them unchanged.
/// </summary>
public sealed partial class RosterFile
{
    private static RosterFile OpenXls(byte[] content, RosterLimits limits)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        IExcelDataReader? reader = null;
        try
        {
            // CreateBinaryReader accepts BIFF only: an .xlsx renamed to .xls never gets here (the zip check comes first).
            reader = ExcelReaderFactory.CreateBinaryReader(new MemoryStream(content, writable: false),
                new ExcelReaderConfiguration { FallbackEncoding = Gb18030, LeaveOpen = false });
            var estimate = new RowEstimate { LastRow = reader.RowCount };
            var file = new RosterFile(RosterFormat.Xls, Capped(XlsRows(reader), limits), reader, estimate);
            reader = null;
            return file;
        }
        catch (RosterFileException)
        {
            throw;
        }
        catch (Exception ex) when (IsReaderFailure(ex))
        {
            throw NotASpreadsheet();
        }
        finally
        {
            reader?.Dispose();
        }
    }

    /// <summary>
    /// ExcelDataReader parses untrusted bytes and throws many types for a broken file (its own HeaderException,
    /// InvalidOperationException, IndexOutOfRange, …). Every one of them means "not a readable workbook"; only
    /// the failures of the process itself are let through.
    /// </summary>
    private static bool IsReaderFailure(Exception ex) =>
        ex is not (OutOfMemoryException or StackOverflowException or OperationCanceledException or RosterFileException);

    // Rows one at a time; the reader's exceptions are turned into the user's message where they happen (the
    // rows are read lazily, long after Open returned). A yield cannot sit inside a try with a catch, hence the shape.
    private static IEnumerable<RosterRow> XlsRows(IExcelDataReader reader)
    {
        var number = 0;
        while (true)
        {
            RosterRow row;
            try
            {
                if (!reader.Read())
                {
                    yield break;
                }

                number++;
                var cells = new RosterCell[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = XlsCell(reader.GetValue(i));
                }

                row = new RosterRow(number, cells);
            }
            catch (Exception ex) when (IsReaderFailure(ex))
            {
                throw NotASpreadsheet();
            }

            yield return row;
        }
    }

    /// <summary>
    /// A BIFF cell as the roster wants it. Numbers arrive as doubles: 4.0 is written "4", 1.5 "1.5"; an 18-digit ID
    /// typed as a number has already lost its last digits and comes out as "4.3010420080101126E+17", which the
    /// "digits lost" check refuses. A date-formatted cell arrives as a DateTime and is written as ISO.
    /// </summary>
    internal static RosterCell XlsCell(object? value) => value switch
    {
        null => new RosterCell("", false),
        string s => new RosterCell(s, false),
        double d => new RosterCell(d.ToString("R", CultureInfo.InvariantCulture), true),
        DateTime t => new RosterCell(t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), false),
        bool b => new RosterCell(b ? "TRUE" : "FALSE", false),
        IFormattable f => new RosterCell(f.ToString(null, CultureInfo.InvariantCulture), true),
        _ => new RosterCell(value.ToString() ?? "", false),
    };

    private static RosterFile OpenDbf(byte[] content, RosterLimits limits)
    {
        DbfTable table;
        try
        {
            table = DbfReader.Read(content, new DbfReadOptions { MaxRecords = limits.MaxRosterRows + HeaderSearchRows, DefaultEncoding = Gb18030 });
        }
        catch (DbfFormatException ex)
        {
            throw DbfProblemMessage(ex, limits);
        }

        // The field names are the header row (row 0: record numbers start at 1, as a dBase tool counts them).
        var header = new RosterRow(0, table.Fields.Select(f => new RosterCell(f.IsReadable ? f.Name : "", false)).ToArray());
        var file = new RosterFile(RosterFormat.Dbf, Capped(DbfRows(table, header), limits), null, new RowEstimate { LastRow = table.DeclaredRecords });
        foreach (var field in table.Fields.Where(f => !f.IsReadable))
        {
            file.IgnoredHeaders.Add(field.Name + "（" + field.Type + "）");
        }

        return file;
    }

    private static IEnumerable<RosterRow> DbfRows(DbfTable table, RosterRow header)
    {
        yield return header;
        using var records = table.Records().GetEnumerator();
        while (true)
        {
            try
            {
                if (!records.MoveNext())
                {
                    yield break;
                }
            }
            catch (DbfFormatException ex)
            {
                throw DbfProblemMessage(ex, RosterLimits.Default);
            }

            var record = records.Current;
            var cells = new RosterCell[record.Values.Length];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = new RosterCell(record.Values[i] ?? "", table.Fields[i].Type is 'N' or 'F' or 'I');
            }

            yield return new RosterRow(record.Number, cells);
        }
    }

    private static RosterFileException DbfProblemMessage(DbfFormatException ex, RosterLimits limits)
    {
        static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
        return ex.Problem switch
        {
            DbfProblem.TooManyRecords => limits.TooManyRows(),
            DbfProblem.Truncated => new(new("dBase（.dbf）文件不完整：文件头声明 {0} 条记录，文件中只有 {1} 条完整记录。文件可能在下载或复制时被截断，请重新导出后上传",
                N(ex.Declared), N(ex.Found))),
            DbfProblem.RecordCountMismatch => new(new("dBase（.dbf）文件的记录数与内容不符：文件头声明 {0} 条记录，文件中却有 {1} 条。为免漏掉学生已拒绝，请用原软件重新导出后上传",
                N(ex.Declared), N(ex.Found))),
            DbfProblem.BadRecordLength => new(new("dBase（.dbf）文件的记录长度（{0} 字节）与各字段宽度之和（{1} 字节）不符，无法读取",
                N(ex.Declared), N(ex.Found))),
            DbfProblem.BadRecord => new(new("dBase（.dbf）文件的第 {0} 条记录已损坏（删除标记无效），无法读取", N(ex.Found))),
            _ => new(new("dBase（.dbf）文件的表头（字段定义）已损坏，无法读取")),
        };
    }
}
