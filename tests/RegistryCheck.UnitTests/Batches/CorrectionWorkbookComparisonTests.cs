using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using RegistryCheck.UnitTests.Batches.Reference;
using RegistryCheck.Web.Features.Batches;

namespace RegistryCheck.UnitTests.Batches;

/// <summary>
/// Issue 19 / ADR-029: the registrar's workbooks, now written with OpenXmlWriter, are the same where a user can see
/// them as the ClosedXML workbooks they replace (the old writer is kept as the reference in Reference/).
/// </summary>
public class CorrectionWorkbookComparisonTests
{
    private readonly ClosedXmlCorrectionWorkbook _old = new(new WorkbookSamples.KeyLocalizer(), WorkbookSamples.Clock());
    private readonly CorrectionWorkbook _new = new(new WorkbookSamples.KeyLocalizer(), WorkbookSamples.Clock());

    public static TheoryData<bool> FullIds => new() { true, false };

    [Theory]
    [MemberData(nameof(FullIds))]
    public void The_batch_workbook_with_several_colleges_is_the_same_cell_by_cell_and_style_by_style(bool fullIds)
    {
        var sheets = WorkbookSamples.Sheets();
        AssertSame(_old.Batches(sheets, fullIds), _new.Batches(sheets, fullIds));
    }

    [Fact]
    public void A_2000_report_batch_as_the_registrar_exports_it_is_the_same()
    {
        List<CollegeSheet> sheets = [new("经济学院", 2026, [1], WorkbookSamples.Now, WorkbookSamples.Rows(2_000))];
        AssertSame(_old.Batches(sheets, true), _new.Batches(sheets, true));
    }

    [Fact]
    public void A_workbook_without_batches_is_the_same()
    {
        AssertSame(_old.Batches([], true), _new.Batches([], true));
    }

    [Fact]
    public void The_campaign_report_is_the_same()
    {
        AssertSame(_old.CampaignReport("2026级新生学籍核对", WorkbookSamples.Rows(60)), _new.CampaignReport("2026级新生学籍核对", WorkbookSamples.Rows(60)));
        AssertSame(_old.CampaignReport("=空", []), _new.CampaignReport("=空", []));
    }

    [Fact]
    public void The_new_workbook_is_valid_open_xml()
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(_new.Batches(WorkbookSamples.Sheets(), true)), false);
        var errors = new OpenXmlValidator().Validate(doc).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>The comparison can fail: a border taken off one cell, a pane unfrozen, a number stored as text are each found.</summary>
    [Fact]
    public void The_comparison_notices_a_missing_border_an_unfrozen_header_and_a_number_stored_as_text()
    {
        List<CollegeSheet> sheets = [new("经济学院", 2026, [1], WorkbookSamples.Now, WorkbookSamples.Rows(40)), new("法学院", 2026, [2], null, WorkbookSamples.Rows(2))];
        var expected = _old.Batches(sheets, true);
        using var changed = new XLWorkbook(new MemoryStream(_new.Batches(sheets, true)));
        var ws = changed.Worksheet(1);
        ws.Cell(10, 5).Style.Border.LeftBorder = XLBorderStyleValues.None;
        ws.Cell(11, 1).SetValue("8");
        ws.Cell(11, 1).DataType = XLDataType.Text;
        changed.Worksheet(2).SheetView.FreezeRows(0);
        using var stream = new MemoryStream();
        changed.SaveAs(stream);

        var diffs = WorkbookComparer.Differences(expected, stream.ToArray());

        Assert.Contains(diffs, d => d.StartsWith("经济学院!E10 style", StringComparison.Ordinal) && d.Contains("L=None", StringComparison.Ordinal));
        Assert.Contains(diffs, d => d.StartsWith("经济学院!A11 type", StringComparison.Ordinal));
        Assert.Contains(diffs, d => d.EndsWith(" frozen: expected (3, 0), got (0, 0)", StringComparison.Ordinal));
    }

    /// <summary>
    /// The one deliberate difference: ClosedXML wrote a typed "_x0041_" unescaped, which Excel decodes to "A". The new
    /// writer stores it as "_x005F_x0041_" (the spec's escaped underscore), which LibreOffice showed as "_x0041_"
    /// (checked by hand, docs/performance.md); ClosedXML does not decode inline strings, so the stored text is asserted.
    /// </summary>
    [Fact]
    public void Text_that_looks_like_an_xml_escape_is_stored_escaped_so_that_it_shows_as_typed()
    {
        var row = WorkbookSamples.Row(1) with { Reason = "见 _x0041_ 与 _X0041_", CounselorNote = "\u0001" };
        using var doc = SpreadsheetDocument.Open(new MemoryStream(_new.Batches([new("经济学院", 2026, [1], WorkbookSamples.Now, [row])], true)), false);
        var cells = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        Assert.Equal("见 _x005F_x0041_ 与 _X0041_", cells["J4"].InlineString!.InnerText);
        Assert.Equal("_x0001_", cells["L4"].InlineString!.InnerText);
    }

    private static void AssertSame(byte[] expected, byte[] actual)
    {
        var diffs = WorkbookComparer.Differences(expected, actual);
        Assert.True(diffs.Count == 0, $"{diffs.Count} differences:\n" + string.Join("\n", diffs.Take(40)));
    }
}
