using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RegistryCheck.Web.Infrastructure.Dbf;

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

    /// <summary>Excel 97–2003 (BIFF8), as CHSI's platform and WPS save it.</summary>
    Xls,

    /// <summary>A dBase III/IV table, the form CHSI's record structure is published in.</summary>
    Dbf,
}

/// <summary>Which naming the header row used: the portal's Chinese names, CHSI's field codes, or both.</summary>
public enum HeaderConvention
{
    ChineseNames,
    ChsiCodes,
    Mixed,
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
public sealed partial class RosterFile : IDisposable
{
    private const int HeaderSearchRows = 10;
    private const int MinRecognisedHeaders = 3;

    private readonly IEnumerator<RosterRow> _rows;
    private readonly IDisposable? _owner;
    private RosterRow? _pending;

    /// <summary>GB18030 (a superset of GBK), which .NET offers only once the code-page provider is registered.</summary>
    public static Encoding Gb18030 { get; } = LoadGb18030();

    private readonly RowEstimate _estimate;

    internal RosterFile(RosterFormat format, IEnumerable<RosterRow> rows, IDisposable? owner, RowEstimate estimate)
    {
        Format = format;
        _estimate = estimate;
        _rows = rows.GetEnumerator();
        _owner = owner;
        HeaderRow = FindHeader();
        int codes = 0, names = 0;
        foreach (var (cell, index) in HeaderRow.Cells.Select((c, i) => (c, i)))
        {
            var column = RosterColumns.Recognise(cell.Text);
            if (column is null)
            {
                if (!string.IsNullOrWhiteSpace(cell.Text))
                {
                    codes += RosterColumns.IsCode(cell.Text) ? 1 : 0;
                    IgnoredHeaders.Add(RosterColumns.IgnoredCodeMeaning(cell.Text) is { } meaning
                        ? cell.Text.Trim() + "（" + meaning + "）" : cell.Text.Trim());
                }

                continue;
            }

            if (RosterColumns.IsCode(cell.Text))
            {
                codes++;
            }
            else if (!RosterColumns.IsContact(column.Value))
            {
                // An 电子邮箱 column beside CHSI's codes leaves the file "in codes": CHSI has no code for it.
                names++;
            }

            if (!Columns.TryAdd(column.Value, index))
            {
                throw new RosterFileException(new("列「{0}」出现了不止一次，请删除重复的列", RosterColumns.HeaderOf(column.Value)));
            }
        }

        Convention = codes == 0 ? HeaderConvention.ChineseNames : names == 0 ? HeaderConvention.ChsiCodes : HeaderConvention.Mixed;
        // A file written in codes is told the missing column's code too ("学号（XH）").
        var missing = RosterColumns.All.Where(c => c.Required && !Columns.ContainsKey(c.Column))
            .Select(c => codes > 0 && RosterColumns.CodeOf(c.Column) is { } code ? c.Header + "（" + code + "）" : c.Header).ToList();
        if (missing.Count > 0)
        {
            throw new RosterFileException(new("缺少必需的列：{0}", string.Join("、", missing)));
        }
    }

    public RosterFormat Format { get; }

    public HeaderConvention Convention { get; }

    public RosterRow HeaderRow { get; }

    public Dictionary<RosterColumn, int> Columns { get; } = [];

    public List<string> IgnoredHeaders { get; } = [];

    /// <summary>Data rows the file probably holds (from the xlsx dimension or the CSV's line count), for the progress bar.</summary>
    public int EstimatedRows => Math.Max(0, _estimate.LastRow - HeaderRow.Number);

    /// <summary>Reads the header; throws <see cref="RosterFileException"/> for anything that is not a usable roster.</summary>
    public static RosterFile Open(byte[] content) => Open(content, RosterLimits.Default);

    /// <summary>Reads the header under the given caps (rows, and for .xlsx its inflated size and shared strings).</summary>
    public static RosterFile Open(byte[] content, RosterLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            throw new RosterFileException(new("文件是空的"));
        }

        if (content.Length >= 4 && content[0] == 0x50 && content[1] == 0x4B && content[2] == 0x03 && content[3] == 0x04)
        {
            limits.CheckZip(content);
            return OpenXlsx(content, limits);
        }

        if (content.Length >= 8 && content[0] == 0xD0 && content[1] == 0xCF && content[2] == 0x11 && content[3] == 0xE0)
        {
            return OpenXls(content, limits);
        }

        if (DbfReader.LooksLikeDbf(content))
        {
            return OpenDbf(content, limits);
        }

        var text = DecodeText(content) ?? throw NotASpreadsheet();
        return new RosterFile(RosterFormat.Csv, Capped(Csv.Rows(text), limits), null, new RowEstimate { LastRow = text.Count(c => c == '\n') + 1 });
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
        new(new("无法识别该文件：请上传 Excel 工作簿（.xlsx 或 .xls）、CSV 或 dBase（.dbf）格式的名册"));

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

    /// <summary>Stops reading past the row cap (header and title rows included, blank rows not counted).</summary>
    private static IEnumerable<RosterRow> Capped(IEnumerable<RosterRow> rows, RosterLimits limits)
    {
        var count = 0;
        foreach (var row in rows)
        {
            if (!row.IsBlank && ++count > limits.MaxRosterRows + HeaderSearchRows)
            {
                throw limits.TooManyRows();
            }

            yield return row;
        }
    }

    private static RosterFile OpenXlsx(byte[] content, RosterLimits limits)
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

            var strings = Xlsx.ReadSharedStrings(workbook.SharedStringTablePart, limits);
            var estimate = new RowEstimate();
            var file = new RosterFile(RosterFormat.Xlsx, Capped(Xlsx.Rows(part, strings, estimate), limits), document, estimate);
            document = null;
            return file;
        }
        catch (RosterFileException)
        {
            throw;
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
        // One state machine over characters (in quotes, after a quote, a line break inside quotes): split into
        // methods it would need its state passed around on every character; it is fuzzed as one (ImportFuzzTests).
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

    /// <summary>
    /// Reads sheet and shared-string XML with a plain forward-only XmlReader: no element is ever loaded as a DOM
    /// (a row of a million empty cells would otherwise become a million objects), text is read in chunks and capped
    /// at Excel's own 32,767 characters a cell, and a row holds at most Excel's 16,384 columns.
    /// </summary>
    internal static class Xlsx
    {
        private const int MaxCellChars = 32_767;
        private const int MaxColumns = 16_384;

        public static List<string> ReadSharedStrings(SharedStringTablePart? part, RosterLimits limits)
        {
            var strings = new List<string>();
            if (part is null)
            {
                return strings;
            }

            using var reader = Open(part);
            var text = new StringBuilder();
            var buffer = new char[4096];
            long chars = 0;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
                {
                    text.Clear();
                    ReadRichText(reader, text, buffer);
                    chars += text.Length;
                    if (chars > limits.MaxRosterSharedStringChars)
                    {
                        throw limits.TooMuchText();
                    }

                    strings.Add(text.ToString());
                }
            }

            return strings;
        }

        public static IEnumerable<RosterRow> Rows(WorksheetPart part, List<string> strings, RowEstimate estimate)
        {
            using var reader = Open(part);
            var lastRow = 0;
            var text = new StringBuilder();
            var buffer = new char[4096];
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "dimension" && reader.GetAttribute("ref") is { } reference)
                {
                    // "A1:Q50001": the last row number, written by Excel and most libraries.
                    var digits = new string(reference[(reference.LastIndexOf(':') + 1)..].Where(char.IsAsciiDigit).ToArray());
                    estimate.LastRow = int.TryParse(digits, out var last) ? last : 0;
                }
                else if (reader.LocalName == "row")
                {
                    var number = uint.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r <= int.MaxValue
                        ? (int)r
                        : lastRow + 1;
                    lastRow = number;
                    var cells = new List<RosterCell>();
                    if (!reader.IsEmptyElement)
                    {
                        ReadCells(reader, cells, strings, text, buffer);
                    }

                    yield return new RosterRow(number, [.. cells]);
                }
            }
        }

        private static XmlReader Open(OpenXmlPart part) => XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        });

        /// <summary>At a &lt;row&gt; start: its cells, until its end.</summary>
        private static void ReadCells(XmlReader reader, List<RosterCell> cells, List<string> strings, StringBuilder text, char[] buffer)
        {
            var depth = reader.Depth;
            var next = 0;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
                {
                    continue;
                }

                var index = ColumnIndex(reader.GetAttribute("r")) ?? next;
                if (index >= MaxColumns || cells.Count >= MaxColumns)
                {
                    throw new InvalidDataException("Column out of range.");
                }

                var type = reader.GetAttribute("t");
                text.Clear();
                var inline = type == "inlineStr";
                if (!reader.IsEmptyElement)
                {
                    ReadCellValue(reader, text, buffer, inline);
                }

                while (cells.Count < index)
                {
                    cells.Add(new RosterCell("", false));
                }

                cells.Add(ValueOf(type, text.ToString(), strings));
                next = index + 1;
            }
        }

        /// <summary>At a &lt;c&gt; start: the text of its &lt;v&gt;, or of its &lt;is&gt; for an inline string.</summary>
        private static void ReadCellValue(XmlReader reader, StringBuilder text, char[] buffer, bool inline)
        {
            var depth = reader.Depth;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (!inline && reader.LocalName == "v")
                {
                    AppendText(reader, text, buffer);
                }
                else if (inline && reader.LocalName == "is")
                {
                    ReadRichText(reader, text, buffer);
                }
                else if (!reader.IsEmptyElement)
                {
                    // A formula or anything else: not the value.
                    SkipToEnd(reader);
                }
            }
        }

        /// <summary>
        /// At an &lt;si&gt; or &lt;is&gt; start: the text of its &lt;t&gt; elements, plain or in runs. Phonetic runs (rPh)
        /// are furigana, not part of the value.
        /// </summary>
        private static void ReadRichText(XmlReader reader, StringBuilder text, char[] buffer)
        {
            if (reader.IsEmptyElement)
            {
                return;
            }

            var depth = reader.Depth;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "t")
                {
                    AppendText(reader, text, buffer);
                }
                else if (reader.LocalName == "rPh" && !reader.IsEmptyElement)
                {
                    SkipToEnd(reader);
                }
            }
        }

        /// <summary>At a text element's start: appends its text in chunks, never more than a cell may hold; ends on its end tag.</summary>
        private static void AppendText(XmlReader reader, StringBuilder text, char[] buffer)
        {
            if (reader.IsEmptyElement)
            {
                return;
            }

            var depth = reader.Depth;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace))
                {
                    continue;
                }

                int n;
                while ((n = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
                {
                    if (text.Length + n > MaxCellChars)
                    {
                        throw RosterLimits.Default.TooMuchText();
                    }

                    text.Append(buffer, 0, n);
                }
            }
        }

        /// <summary>At an element's start: moves to its end tag without reading its content into memory.</summary>
        private static void SkipToEnd(XmlReader reader)
        {
            var depth = reader.Depth;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
            }
        }

        private static RosterCell ValueOf(string? type, string raw, List<string> strings) => type switch
        {
            "s" => int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? new(strings[i], false) : new("", false),
            "inlineStr" or "str" or "d" or "e" => new(raw, false),
            "b" => new(raw == "1" ? "TRUE" : "FALSE", false),
            _ => new(raw, raw.Length > 0),
        };

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
