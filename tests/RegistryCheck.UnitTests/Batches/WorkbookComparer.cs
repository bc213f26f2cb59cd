using System.Text.RegularExpressions;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RegistryCheck.UnitTests.Batches;

/// <summary>
/// What a user sees of two workbooks, compared: both opened with ClosedXML; sheet names and order; every cell of the
/// used area and two rows and columns beyond it — value, data type (of cells that hold a value), number format, font,
/// fill, each border, alignment and wrap, quote prefix; row heights and row styles; column widths; merged ranges;
/// frozen panes; auto-filter; (the style of a cell hidden under a merged range is not compared: ClosedXML gave
/// the hidden cells of a title starting with "=" the quote prefix, which nobody sees); page setup, margins, print titles and the print header and footer. The defined names
/// are compared as stored (read with the OpenXml SDK), since Excel and LibreOffice read them as written.
/// </summary>
internal static class WorkbookComparer
{
    public static List<string> Differences(byte[] expected, byte[] actual)
    {
        var diffs = new List<string>();
        using var a = new XLWorkbook(new MemoryStream(expected));
        using var b = new XLWorkbook(new MemoryStream(actual));
        Same(diffs, "sheet names", string.Join("|", a.Worksheets.Select(w => w.Name)), string.Join("|", b.Worksheets.Select(w => w.Name)));
        foreach (var (wa, wb) in a.Worksheets.Zip(b.Worksheets))
        {
            CompareSheet(diffs, wa, wb);
        }

        // The one fix on purpose: print titles as absolute rows ($1:$3); ClosedXML's "1:3" made LibreOffice print the header on page 1 only.
        Same(diffs, "defined names", Regex.Replace(DefinedNames(expected), @"!(\d+):(\d+)$", "!$$$1:$$$2", RegexOptions.Multiline), DefinedNames(actual));
        return diffs;
    }

    private static void CompareSheet(List<string> diffs, IXLWorksheet a, IXLWorksheet b)
    {
        var n = a.Name;
        var lastRow = Math.Max(a.LastRowUsed(XLCellsUsedOptions.All)?.RowNumber() ?? 1, b.LastRowUsed(XLCellsUsedOptions.All)?.RowNumber() ?? 1) + 2;
        var lastColumn = Math.Max(a.LastColumnUsed(XLCellsUsedOptions.All)?.ColumnNumber() ?? 1, b.LastColumnUsed(XLCellsUsedOptions.All)?.ColumnNumber() ?? 1) + 2;
        for (var r = 1; r <= lastRow; r++)
        {
            Same(diffs, $"{n} row {r} height", a.Row(r).Height, b.Row(r).Height);
            Same(diffs, $"{n} row {r} style", StyleText(a.Row(r).Style), StyleText(b.Row(r).Style));
            for (var c = 1; c <= lastColumn; c++)
            {
                CompareCell(diffs, n, a.Cell(r, c), b.Cell(r, c), HiddenByMerge(a, r, c));
            }
        }

        for (var c = 1; c <= lastColumn; c++)
        {
            Same(diffs, $"{n} column {c} width", a.Column(c).Width, b.Column(c).Width);
        }

        Same(diffs, $"{n} merged", string.Join(",", a.MergedRanges.Select(m => m.RangeAddress.ToString()).Order()),
            string.Join(",", b.MergedRanges.Select(m => m.RangeAddress.ToString()).Order()));
        Same(diffs, $"{n} frozen", (a.SheetView.SplitRow, a.SheetView.SplitColumn), (b.SheetView.SplitRow, b.SheetView.SplitColumn));
        Same(diffs, $"{n} filter", a.AutoFilter.IsEnabled ? a.AutoFilter.Range.RangeAddress.ToString() : "none",
            b.AutoFilter.IsEnabled ? b.AutoFilter.Range.RangeAddress.ToString() : "none");
        Same(diffs, $"{n} page setup", PageText(a.PageSetup), PageText(b.PageSetup));
    }

    /// <summary>A cell under a merged range other than its top-left one: Excel shows nothing of it.</summary>
    private static bool HiddenByMerge(IXLWorksheet ws, int row, int column) =>
        ws.MergedRanges.Any(m => m.Contains(ws.Cell(row, column)) && (m.FirstCell().Address.RowNumber, m.FirstCell().Address.ColumnNumber) != (row, column));

    private static void CompareCell(List<string> diffs, string sheet, IXLCell a, IXLCell b, bool hidden)
    {
        var at = $"{sheet}!{a.Address}";
        Same(diffs, at + " empty", a.IsEmpty(), b.IsEmpty());
        Same(diffs, at + " text", a.GetString(), b.GetString());
        Same(diffs, at + " formula", a.HasFormula, b.HasFormula);
        if (!a.IsEmpty())
        {
            Same(diffs, at + " type", a.DataType, b.DataType);
            if (a.DataType == XLDataType.DateTime && b.DataType == XLDataType.DateTime)
            {
                // Stored to a fraction of a millisecond either way; the format shows minutes.
                Same(diffs, at + " date", a.GetDateTime().ToString("O"), b.GetDateTime().ToString("O"));
            }
        }

        if (!hidden)
        {
            Same(diffs, at + " style", StyleText(a.Style), StyleText(b.Style));
        }
    }

    private static string StyleText(IXLStyle s) => string.Join(";",
        $"font {s.Font.FontName} {s.Font.FontSize} bold={s.Font.Bold} italic={s.Font.Italic} underline={s.Font.Underline} color={s.Font.FontColor}",
        $"fill {s.Fill.PatternType} {s.Fill.BackgroundColor} {s.Fill.PatternColor}",
        $"border L={s.Border.LeftBorder}/{s.Border.LeftBorderColor} R={s.Border.RightBorder}/{s.Border.RightBorderColor} T={s.Border.TopBorder}/{s.Border.TopBorderColor} B={s.Border.BottomBorder}/{s.Border.BottomBorderColor} D={s.Border.DiagonalBorder}",
        $"align {s.Alignment.Horizontal} {s.Alignment.Vertical} wrap={s.Alignment.WrapText} indent={s.Alignment.Indent} rotation={s.Alignment.TextRotation} shrink={s.Alignment.ShrinkToFit}",
        $"number {s.NumberFormat.NumberFormatId} '{s.NumberFormat.Format}'",
        $"quote={s.IncludeQuotePrefix}",
        $"locked={s.Protection.Locked} hidden={s.Protection.Hidden}");

    private static string PageText(IXLPageSetup p) => string.Join(";",
        $"paper={p.PaperSize} orientation={p.PageOrientation} wide={p.PagesWide} tall={p.PagesTall} scale={p.Scale}",
        $"titles={p.FirstRowToRepeatAtTop}-{p.LastRowToRepeatAtTop} cols={p.FirstColumnToRepeatAtLeft}-{p.LastColumnToRepeatAtLeft}",
        $"margins={p.Margins.Left},{p.Margins.Right},{p.Margins.Top},{p.Margins.Bottom},{p.Margins.Header},{p.Margins.Footer}",
        $"centre={p.CenterHorizontally},{p.CenterVertically} order={p.PageOrder} gridlines={p.ShowGridlines} headings={p.ShowRowAndColumnHeadings} bw={p.BlackAndWhite} draft={p.DraftQuality}",
        $"print areas={string.Join(",", p.PrintAreas.Select(r => r.RangeAddress.ToString()))}",
        $"header={HeaderFooterText(p.Header)} footer={HeaderFooterText(p.Footer)}");

    private static string HeaderFooterText(IXLHeaderFooter hf) =>
        string.Join("|", new[] { hf.Left, hf.Center, hf.Right }.SelectMany(x =>
            new[] { XLHFOccurrence.AllPages, XLHFOccurrence.OddPages, XLHFOccurrence.EvenPages, XLHFOccurrence.FirstPage }.Select(x.GetText)));

    private static string DefinedNames(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var names = doc.WorkbookPart!.Workbook.DefinedNames?.Elements<DefinedName>() ?? [];
        return string.Join("\n", names.Select(d => $"{d.Name} sheet={d.LocalSheetId?.Value} hidden={d.Hidden?.Value ?? false}: {d.Text}").Order(StringComparer.Ordinal));
    }

    private static void Same<T>(List<string> diffs, string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            diffs.Add($"{what}: expected {expected}, got {actual}");
        }
    }
}
