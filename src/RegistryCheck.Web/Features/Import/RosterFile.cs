using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RegistryCheck.Web.Features.Import;

/// <summary>A cell as read: its text, and whether the spreadsheet stored it as a number (digits may be lost).</summary>
public readonly record struct RosterCell(string Text, bool IsNumber);

/// <summary>One line of the sheet. <see cref="Number"/> is the row number Excel shows (the header is usually row 1).</summary>
public sealed record RosterRow(int Number, RosterCell[] Cells)
{
    public RosterCell this[int index] => index < Cells.Length ? Cells[index] : default;

    public bool IsBlank => Cells.All(c => string.IsNullOrWhiteSpace(c.Text));
}

public enum RosterFormat
{
    Csv,
    Xlsx,
}

/// <summary>A file that cannot be read as a roster; <see cref="Problem"/> says why in the user's words.</summary>
public sealed class RosterFileException(UserMessage problem) : Exception(problem.Key)
{
    public UserMessage Problem { get; } = problem;
}

/// <summary>
/// Opens an uploaded roster whatever its name says: the content decides between xlsx (a zip with a workbook) and
/// CSV (text in UTF-8, with or without BOM, UTF-16 with BOM, or GB18030/GBK as Chinese Excel writes it).
/// Rows are streamed: an xlsx is read with OpenXmlReader (SAX), never as a whole DOM.
/// </summary>
public sealed class RosterFile : IDisposable
{
    private const int HeaderSearchRows = 10;
    private const int MinRecognisedHeaders = 3;

    private readonly IEnumerator<RosterRow> _rows;
    private readonly IDisposable? _owner;
    private RosterRow? _pending;

    /// <summary>GB18030 (a superset of GBK), which .NET offers only once the code-page provider is registered.</summary>
    public static Encoding Gb18030 { get; } = LoadGb18030();

    private readonly RowEstimate _estimate;

    private RosterFile(RosterFormat format, IEnumerable<RosterRow> rows, IDisposable? owner, RowEstimate estimate)
    {
        Format = format;
        _estimate = estimate;
        _rows = rows.GetEnumerator();
        _owner = owner;
        HeaderRow = FindHeader();
        foreach (var (cell, index) in HeaderRow.Cells.Select((c, i) => (c, i)))
        {
            var column = RosterColumns.Recognise(cell.Text);
            if (column is null)
            {
                if (!string.IsNullOrWhiteSpace(cell.Text))
                {
                    IgnoredHeaders.Add(cell.Text.Trim());
                }

                continue;
            }

            if (!Columns.TryAdd(column.Value, index))
            {
                throw new RosterFileException(new("列「{0}」出现了不止一次，请删除重复的列", RosterColumns.HeaderOf(column.Value)));
            }
        }

        var missing = RosterColumns.All.Where(c => c.Required && !Columns.ContainsKey(c.Column)).Select(c => c.Header).ToList();
        if (missing.Count > 0)
        {
            throw new RosterFileException(new("缺少必需的列：{0}", string.Join("、", missing)));
        }
    }

    public RosterFormat Format { get; }

    public RosterRow HeaderRow { get; }

    public Dictionary<RosterColumn, int> Columns { get; } = [];

    public List<string> IgnoredHeaders { get; } = [];

    /// <summary>Data rows the file probably holds (from the xlsx dimension or the CSV's line count), for the progress bar.</summary>
    public int EstimatedRows => Math.Max(0, _estimate.LastRow - HeaderRow.Number);

    /// <summary>Reads the header; throws <see cref="RosterFileException"/> for anything that is not a usable roster.</summary>
    public static RosterFile Open(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            throw new RosterFileException(new("文件是空的"));
        }

        if (content.Length >= 4 && content[0] == 0x50 && content[1] == 0x4B && content[2] == 0x03 && content[3] == 0x04)
        {
            return OpenXlsx(content);
        }

        if (content.Length >= 8 && content[0] == 0xD0 && content[1] == 0xCF && content[2] == 0x11 && content[3] == 0xE0)
        {
            throw new RosterFileException(new("不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 CSV 后上传"));
        }

        var text = DecodeText(content) ?? throw NotASpreadsheet();
        return new RosterFile(RosterFormat.Csv, Csv.Rows(text), null, new RowEstimate { LastRow = text.Count(c => c == '\n') + 1 });
    }

    /// <summary>The rows after the header, blank rows skipped.</summary>
    public IEnumerable<RosterRow> DataRows()
    {
        if (_pending is not null)
        {
            var first = _pending;
            _pending = null;
            yield return first;
        }

        while (_rows.MoveNext())
        {
            if (!_rows.Current.IsBlank)
            {
                yield return _rows.Current;
            }
        }
    }

    /// <summary>True when at least one data row follows the header (reads one row ahead).</summary>
    public bool HasDataRows()
    {
        if (_pending is not null)
        {
            return true;
        }

        while (_rows.MoveNext())
        {
            if (!_rows.Current.IsBlank)
            {
                _pending = _rows.Current;
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        _rows.Dispose();
        _owner?.Dispose();
    }

    private static Encoding LoadGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }

    internal static RosterFileException NotASpreadsheet() =>
        new(new("无法识别该文件：请上传 Excel 工作簿（.xlsx）或 CSV 格式的名册"));

    // A title row above the header ("2026级新生名单") is common, so the header is the first of the first rows
    // that names at least three known columns.
    private RosterRow FindHeader()
    {
        var seen = 0;
        try
        {
            while (seen < HeaderSearchRows && _rows.MoveNext())
            {
                var row = _rows.Current;
                if (row.IsBlank)
                {
                    continue;
                }

                seen++;
                if (row.Cells.Count(c => RosterColumns.Recognise(c.Text) is not null) >= MinRecognisedHeaders)
                {
                    return row;
                }
            }
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or InvalidOperationException)
        {
            throw NotASpreadsheet();
        }

        throw new RosterFileException(seen == 0
            ? new UserMessage("名册中没有任何内容")
            : new UserMessage("未找到表头：前几行中没有“学号”“姓名”“证件号码”等列名"));
    }

    private static string? DecodeText(byte[] content)
    {
        string text;
        if (content.Length >= 2 && ((content[0] == 0xFF && content[1] == 0xFE) || (content[0] == 0xFE && content[1] == 0xFF)))
        {
            // Excel's "Unicode text" export.
            var encoding = content[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            text = encoding.GetString(content, 2, content.Length - 2);
        }
        else
        {
            var offset = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content, offset, content.Length - offset);
            }
            catch (DecoderFallbackException)
            {
                try
                {
                    var gb = Encoding.GetEncoding(Gb18030.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
                    text = gb.GetString(content);
                }
                catch (DecoderFallbackException)
                {
                    return null;
                }
            }
        }

        // Text files have no control characters besides line breaks and tabs; binary data almost always does.
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, 64 * 1024)))
        {
            if (char.IsControl(c) && c is not ('\r' or '\n' or '\t'))
            {
                return null;
            }
        }

        return text;
    }

    private static RosterFile OpenXlsx(byte[] content)
    {
        SpreadsheetDocument? document = null;
        try
        {
            document = SpreadsheetDocument.Open(new MemoryStream(content, writable: false), false);
            var workbook = document.WorkbookPart ?? throw NotASpreadsheet();
            var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw NotASpreadsheet();
            var part = sheet.Id?.Value is { } id ? workbook.GetPartById(id) as WorksheetPart : null;
            if (part is null)
            {
                throw NotASpreadsheet();
            }

            var strings = Xlsx.ReadSharedStrings(workbook.SharedStringTablePart);
            var estimate = new RowEstimate();
            var file = new RosterFile(RosterFormat.Xlsx, Xlsx.Rows(part, strings, estimate), document, estimate);
            document = null;
            return file;
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException
            or System.Xml.XmlException or InvalidOperationException or ArgumentException or KeyNotFoundException or IOException)
        {
            throw NotASpreadsheet();
        }
        finally
        {
            document?.Dispose();
        }
    }

    /// <summary>RFC 4180: quoted fields may hold separators, doubled quotes and line breaks.</summary>
    internal static class Csv
    {
        public static IEnumerable<RosterRow> Rows(string text)
        {
            var delimiter = DetectDelimiter(text);
            var cells = new List<RosterCell>();
            var field = new StringBuilder();
            var number = 0;
            var i = 0;
            var inQuotes = false;
            var rowHasContent = false;
            while (i < text.Length)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        inQuotes = false;
                    }
                    else
                    {
                        field.Append(c);
                    }

                    i++;
                    continue;
                }

                if (c == '"' && field.ToString().Trim().Length == 0)
                {
                    field.Clear();
                    inQuotes = true;
                    rowHasContent = true;
                }
                else if (c == delimiter)
                {
                    cells.Add(new RosterCell(field.ToString(), false));
                    field.Clear();
                    rowHasContent = true;
                }
                else if (c is '\r' or '\n')
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    cells.Add(new RosterCell(field.ToString(), false));
                    field.Clear();
                    yield return new RosterRow(++number, [.. cells]);
                    cells.Clear();
                    rowHasContent = false;
                }
                else
                {
                    field.Append(c);
                    rowHasContent = true;
                }

                i++;
            }

            if (rowHasContent || field.Length > 0)
            {
                cells.Add(new RosterCell(field.ToString(), false));
                yield return new RosterRow(++number, [.. cells]);
            }
        }

        // Excel's "Unicode text" is tab-separated; everything else here is comma-separated.
        private static char DetectDelimiter(string text)
        {
            var end = text.IndexOfAny(['\r', '\n']);
            var firstLine = end < 0 ? text : text[..end];
            return firstLine.Contains('\t') && !firstLine.Contains(',') ? '\t' : ',';
        }
    }

    internal static class Xlsx
    {
        public static List<string> ReadSharedStrings(SharedStringTablePart? part)
        {
            var strings = new List<string>();
            if (part is null)
            {
                return strings;
            }

            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                {
                    strings.Add(TextOf((SharedStringItem)reader.LoadCurrentElement()!));
                }
            }

            return strings;
        }

        public static IEnumerable<RosterRow> Rows(WorksheetPart part, List<string> strings, RowEstimate estimate)
        {
            using var reader = OpenXmlReader.Create(part);
            var lastRow = 0;
            while (reader.Read())
            {
                if (reader.ElementType == typeof(SheetDimension) && reader.IsStartElement
                    && reader.Attributes.FirstOrDefault(a => a.LocalName == "ref").Value is { } reference)
                {
                    // "A1:Q50001": the last row number, written by Excel and most libraries.
                    var digits = new string(reference[(reference.LastIndexOf(':') + 1)..].Where(char.IsAsciiDigit).ToArray());
                    estimate.LastRow = int.TryParse(digits, out var last) ? last : 0;
                }

                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    continue;
                }

                var row = (Row)reader.LoadCurrentElement()!;
                var number = row.RowIndex?.Value is uint r ? (int)r : lastRow + 1;
                lastRow = number;
                var cells = new List<RosterCell>();
                var next = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    var index = ColumnIndex(cell.CellReference?.Value) ?? next;
                    if (index > 16_383)
                    {
                        throw new InvalidDataException("Column out of range.");
                    }

                    while (cells.Count < index)
                    {
                        cells.Add(new RosterCell("", false));
                    }

                    cells.Add(ValueOf(cell, strings));
                    next = index + 1;
                }

                yield return new RosterRow(number, [.. cells]);
            }
        }

        private static RosterCell ValueOf(Cell cell, List<string> strings)
        {
            var type = cell.DataType?.Value;
            var raw = cell.CellValue?.Text ?? "";
            if (type == CellValues.SharedString)
            {
                return int.TryParse(raw, out var i) && i >= 0 && i < strings.Count ? new(strings[i], false) : new("", false);
            }

            if (type == CellValues.InlineString)
            {
                return new(cell.InlineString is { } inline ? TextOf(inline) : "", false);
            }

            if (type == CellValues.String || type == CellValues.Date || type == CellValues.Error)
            {
                return new(raw, false);
            }

            if (type == CellValues.Boolean)
            {
                return new(raw == "1" ? "TRUE" : "FALSE", false);
            }

            return new(raw, raw.Length > 0);
        }

        // Phonetic runs (rPh) are furigana, not part of the value, so InnerText would be wrong.
        private static string TextOf(OpenXmlElement item)
        {
            var sb = new StringBuilder();
            foreach (var child in item.ChildElements)
            {
                if (child is Text t)
                {
                    sb.Append(t.Text);
                }
                else if (child is Run run && run.Text is { } rt)
                {
                    sb.Append(rt.Text);
                }
            }

            return sb.ToString();
        }

        internal static int? ColumnIndex(string? reference)
        {
            if (string.IsNullOrEmpty(reference))
            {
                return null;
            }

            var index = 0;
            var letters = 0;
            foreach (var c in reference)
            {
                if (c is >= 'A' and <= 'Z')
                {
                    index = (index * 26) + (c - 'A' + 1);
                    letters++;
                }
                else if (c is >= 'a' and <= 'z')
                {
                    index = (index * 26) + (c - 'a' + 1);
                    letters++;
                }
                else
                {
                    break;
                }

                if (letters > 3)
                {
                    return null;
                }
            }

            return letters == 0 ? null : index - 1;
        }
    }
}

internal sealed class RowEstimate
{
    public int LastRow { get; set; }
}
