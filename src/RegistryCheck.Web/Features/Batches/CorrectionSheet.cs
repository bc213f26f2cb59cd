using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using RegistryCheck.Web.Infrastructure.Spreadsheets;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>
/// The layout the registrar's table sheets share (domain.md, "Excel"), written with OpenXmlWriter as ClosedXML
/// 0.95 wrote it before (ADR-029): a merged title row (bold 14, centred, 24 high), a merged summary row, the header
/// (bold, filled, wrapped), the body with thin borders on every side, wrapped and top-aligned, the header rows
/// frozen, the auto-filter over header and body, A4 landscape fitted to one page wide with the header rows repeated,
/// margins 0.4″ left and right, centred horizontally. Style ids refer to <see cref="Styles"/>.
/// </summary>
public sealed class CorrectionSheet
{
    public const int HeaderRow = 3;
    public const uint Default = 0;
    public const uint Bold = 1;
    public const uint Title = 2;
    public const uint Header = 3;
    public const uint Body = 4;
    public const uint BodyTime = 5;
    public const uint BodyQuoted = 6;
    public const uint TitleQuoted = 7;
    public const uint DefaultQuoted = 8;

    // ClosedXML stored each width set with its padding of 0.710625 added: the same stored width keeps each column as wide as before.
    private const double WidthPadding = 0.710625;

    private readonly OpenXmlWriter _writer;
    private readonly (string Header, double Width)[] _columns;
    private readonly int _lastBodyRow;

    /// <summary>Starts the sheet: everything before the rows, then the title, summary and header rows.</summary>
    public CorrectionSheet(OpenXmlWriter writer, (string Header, double Width)[] columns, int bodyRows, int lastRow, string title, string summary)
    {
        _writer = writer;
        _columns = columns;
        _lastBodyRow = HeaderRow + bodyRows;
        Rows = new XlsxRowWriter(writer);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetProperties(new OutlineProperties { SummaryBelow = true, SummaryRight = true }, new PageSetupProperties { FitToPage = true }));
        writer.WriteElement(new SheetDimension { Reference = "A1:" + LastColumn + lastRow });
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { HorizontalSplit = 0, VerticalSplit = HeaderRow, TopLeftCell = "A" + (HeaderRow + 1), ActivePane = PaneValues.BottomLeft, State = PaneStateValues.FrozenSplit })
        { WorkbookViewId = 0 }));
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15 });
        WriteColumns();
        writer.WriteStartElement(new SheetData());
        Rows.StartRow(1, columns.Length, height: 24);
        Rows.Text(title, Title, TitleQuoted);
        Rows.EndRow();
        Rows.StartRow(2, columns.Length);
        Rows.Text(summary, Default, DefaultQuoted);
        Rows.EndRow();
        Rows.StartRow(HeaderRow, columns.Length);
        foreach (var column in columns)
        {
            Rows.Text(column.Header, Header, Header);
        }

        Rows.EndRow();
    }

    public XlsxRowWriter Rows { get; }

    public int Span => _columns.Length;

    /// <summary>The A1 range of header and body, which the auto-filter covers.</summary>
    public string TableRange => $"A{HeaderRow}:{LastColumn}{_lastBodyRow}";

    private string LastColumn => XlsxRowWriter.ColumnName(_columns.Length);

    /// <summary>Closes the rows and writes what follows them: filter, merged rows, print setup.</summary>
    public void Finish()
    {
        _writer.WriteEndElement(); // sheetData
        _writer.WriteElement(new AutoFilter { Reference = TableRange });
        _writer.WriteElement(new MergeCells(new MergeCell { Reference = "A1:" + LastColumn + "1" }, new MergeCell { Reference = "A2:" + LastColumn + "2" }) { Count = 2 });
        _writer.WriteElement(new PrintOptions { HorizontalCentered = true, VerticalCentered = false, Headings = false, GridLines = false });
        _writer.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.75, Bottom = 0.5, Header = 0.5, Footer = 0.75 });
        _writer.WriteElement(new PageSetup
        {
            PaperSize = 9, FitToHeight = 0, PageOrder = PageOrderValues.DownThenOver, Orientation = OrientationValues.Landscape,
            BlackAndWhite = false, Draft = false, CellComments = CellCommentsValues.None, Errors = PrintErrorValues.Displayed,
        });
        _writer.WriteElement(new HeaderFooter());
        _writer.WriteEndElement(); // worksheet
    }

    /// <summary>The one-cell sheet of a workbook without batches: ClosedXML's defaults, no print setup of its own.</summary>
    public static void WriteNote(OpenXmlWriter writer, string text)
    {
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetProperties(new OutlineProperties { SummaryBelow = true, SummaryRight = true }));
        writer.WriteElement(new SheetDimension { Reference = "A1:A1" });
        writer.WriteElement(new SheetViews(new SheetView { WorkbookViewId = 0 }));
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15 });
        writer.WriteStartElement(new SheetData());
        var rows = new XlsxRowWriter(writer);
        rows.StartRow(1, 1);
        rows.Text(text, Default, DefaultQuoted);
        rows.EndRow();
        writer.WriteEndElement();
        writer.WriteElement(new PrintOptions { HorizontalCentered = false, VerticalCentered = false, Headings = false, GridLines = false });
        writer.WriteElement(new PageMargins { Left = 0.75, Right = 0.75, Top = 0.75, Bottom = 0.5, Header = 0.5, Footer = 0.75 });
        writer.WriteElement(new PageSetup
        {
            PaperSize = 1, Scale = 100, PageOrder = PageOrderValues.DownThenOver, Orientation = OrientationValues.Default,
            BlackAndWhite = false, Draft = false, CellComments = CellCommentsValues.None, Errors = PrintErrorValues.Displayed,
        });
        writer.WriteElement(new HeaderFooter());
        writer.WriteEndElement();
    }

    private void WriteColumns()
    {
        _writer.WriteStartElement(new Columns());
        for (var i = 0; i < _columns.Length; i++)
        {
            var n = (uint)i + 1;
            _writer.WriteElement(new Column { Min = n, Max = n, Width = _columns[i].Width + WidthPadding, Style = 0, CustomWidth = true });
        }

        _writer.WriteEndElement();
    }

    /// <summary>Every style the sheets use, in a fixed order (the ids above); fonts, fills and borders as ClosedXML wrote them.</summary>
    public static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd hh:mm" }) { Count = 1 },
        new Fonts(Font(false, 11), Font(true, 11), Font(true, 14)) { Count = 3 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDE5F0" }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(Border(BorderStyleValues.None), Border(BorderStyleValues.Thin)) { Count = 2 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            Format(0, 0, 0, 0, null, wrap: false, quote: false),
            Format(0, 1, 0, 0, null, wrap: false, quote: false),
            Format(0, 2, 0, 0, HorizontalAlignmentValues.Center, wrap: false, quote: false),
            Format(0, 1, 2, 1, null, wrap: true, quote: false),
            Format(0, 0, 0, 1, null, wrap: true, quote: false),
            Format(165, 0, 0, 1, null, wrap: true, quote: false),
            Format(0, 0, 0, 1, null, wrap: true, quote: true),
            Format(0, 2, 0, 0, HorizontalAlignmentValues.Center, wrap: false, quote: true),
            Format(0, 0, 0, 0, null, wrap: false, quote: true))
        { Count = 9 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static Font Font(bool bold, double size)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }

        font.Append(
            new VerticalTextAlignment { Val = VerticalAlignmentRunValues.Baseline }, new FontSize { Val = size },
            new Color { Rgb = "FF000000" }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 });
        return font;
    }

    private static Border Border(BorderStyleValues style) => new(
        new LeftBorder(new Color { Rgb = "FF000000" }) { Style = style }, new RightBorder(new Color { Rgb = "FF000000" }) { Style = style },
        new TopBorder(new Color { Rgb = "FF000000" }) { Style = style }, new BottomBorder(new Color { Rgb = "FF000000" }) { Style = style },
        new DiagonalBorder(new Color { Rgb = "FF000000" }) { Style = BorderStyleValues.None })
    {
        DiagonalUp = false, DiagonalDown = false,
    };

    /// <summary>A cell format; a bordered (table) cell is wrapped and top-aligned, as the old range style made every table cell.</summary>
    private static CellFormat Format(uint numberFormat, uint font, uint fill, uint border, HorizontalAlignmentValues? horizontal, bool wrap, bool quote)
    {
        var format = new CellFormat(new Alignment
        {
            Horizontal = horizontal ?? HorizontalAlignmentValues.General,
            Vertical = border == 1 ? VerticalAlignmentValues.Top : VerticalAlignmentValues.Bottom,
            WrapText = wrap,
        })
        {
            NumberFormatId = numberFormat, FontId = font, FillId = fill, BorderId = border, FormatId = 0,
            ApplyNumberFormat = true, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true,
        };
        if (quote)
        {
            format.QuotePrefix = true;
        }

        return format;
    }
}
