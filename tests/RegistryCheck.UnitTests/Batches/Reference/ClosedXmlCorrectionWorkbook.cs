using ClosedXML.Excel;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Features.Batches;
using RegistryCheck.Web.Features.Shared;
using RegistryCheck.Web.Infrastructure.Spreadsheets;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.UnitTests.Batches.Reference;

// The portal's ClosedXML writer of the registrar's workbooks as it was before issue 19 (ADR-029), kept unchanged
// here as the reference the OpenXmlWriter version is compared against (CorrectionWorkbookComparisonTests).
/// <summary>
/// The registrar's workbooks (domain.md, "Excel"): a title row, the Chinese (or, for an English UI, English)
/// column headers, every identifier as a text cell, times in the university's time zone, a sign-off footer,
/// widths set by hand (AdjustToContents needs libgdiplus and is slow), frozen header, auto-filter and A4
/// landscape printing fitted to the page width with the header rows repeated.
/// </summary>
public sealed class ClosedXmlCorrectionWorkbook(IStringLocalizer l, CampaignClock clock)
{
    private const string DateTimeFormat = "yyyy-mm-dd hh:mm";
    private const int HeaderRow = 3;

    private static readonly (string Header, double Width)[] BatchColumns =
    [
        ("序号", 6), ("学号", 14), ("考生号", 17), ("姓名", 12), ("证件号码", 21), ("班级", 22), ("更正项目", 12),
        ("原信息", 24), ("更正后信息", 24), ("更正原因", 30), ("是否需报省级审批", 10), ("辅导员核实意见", 26), ("提交时间", 17),
        ("更正类型", 10), ("发现于", 14),
    ];

    private static readonly (string Header, double Width)[] ReportColumns =
    [
        ("序号", 6), ("学院", 20), ("班级", 22), ("学号", 14), ("姓名", 12), ("更正项目", 12), ("原信息", 24), ("更正后信息", 24),
        ("更正原因", 30), ("是否需报省级审批", 10), ("状态", 14), ("辅导员核实意见", 26), ("未予更正的原因", 26), ("批次", 8),
        ("提交时间", 17), ("处理时间", 17), ("更正类型", 10), ("发现于", 14),
    ];

    /// <summary>One sheet per college. <paramref name="fullIds"/> is false for the college's own copy.</summary>
    public byte[] Batches(IReadOnlyList<CollegeSheet> sheets, bool fullIds)
    {
        using var workbook = new XLWorkbook();
        var names = SheetNames.Make(sheets.Select(s => s.CollegeName));
        for (var i = 0; i < sheets.Count; i++)
        {
            WriteBatchSheet(workbook.Worksheets.Add(names[i]), sheets[i], fullIds);
        }

        if (sheets.Count == 0)
        {
            var empty = workbook.Worksheets.Add(Text("学籍信息更正汇总表"));
            TextCell.Set(empty.Cell(1, 1), Text("没有已报送的批次。"));
        }

        return Save(workbook);
    }

    public byte[] CampaignReport(string campaignName, IReadOnlyList<ExportRow> rows)
    {
        using var workbook = new XLWorkbook();
        var ws = workbook.Worksheets.Add(SheetNames.Make([Text("更正情况")])[0]);
        Title(ws, l["{0} · 学籍信息更正情况报告", campaignName], ReportColumns.Length);
        TextCell.Set(ws.Cell(2, 1), l["共 {0} 条报告，导出时间 {1}", rows.Count, Local(clock.UtcNow)]);
        Headers(ws, ReportColumns);
        var r = HeaderRow + 1;
        foreach (var row in rows)
        {
            Number(ws.Cell(r, 1), r - HeaderRow);
            TextCell.Set(ws.Cell(r, 2), row.CollegeName);
            TextCell.Set(ws.Cell(r, 3), row.ClassName);
            TextCell.Set(ws.Cell(r, 4), row.StudentNumber);
            TextCell.Set(ws.Cell(r, 5), row.Name);
            TextCell.Set(ws.Cell(r, 6), Text(FieldLabels.Of(row.Field)));
            TextCell.Set(ws.Cell(r, 7), Value(row.Field, row.ShownValue, fullIds: false));
            TextCell.Set(ws.Cell(r, 8), Value(row.Field, row.ProposedValue, fullIds: false));
            TextCell.Set(ws.Cell(r, 9), row.Reason);
            TextCell.Set(ws.Cell(r, 10), row.NeedsApproval ? Text("是") : Text("否"));
            TextCell.Set(ws.Cell(r, 11), Text(FieldLabels.Of(row.Status)));
            TextCell.Set(ws.Cell(r, 12), row.CounselorNote);
            TextCell.Set(ws.Cell(r, 13), row.RejectionReason);
            if (row.BatchSequence is int seq)
            {
                Number(ws.Cell(r, 14), seq);
            }

            Time(ws.Cell(r, 15), row.SubmittedAt);
            Time(ws.Cell(r, 16), row.ResolvedAt);
            TextCell.Set(ws.Cell(r, 17), Text(FieldLabels.Of(row.Kind)));
            TextCell.Set(ws.Cell(r, 18), Text(XuexinLabels.Of(row.SeenOn)));
            r++;
        }

        Finish(ws, ReportColumns, r - 1);
        return Save(workbook);
    }

    private void WriteBatchSheet(IXLWorksheet ws, CollegeSheet sheet, bool fullIds)
    {
        Title(ws, l["{0} · {1}级 · 学籍信息更正汇总表", sheet.CollegeName, sheet.Cohort], BatchColumns.Length);
        var batches = string.Join(", ", sheet.Sequences.Select(s => l["第 {0} 批", s].Value));
        TextCell.Set(ws.Cell(2, 1), l["{0}；报送时间 {1}；共 {2} 条", batches, sheet.SubmittedAt is null ? "" : Local(sheet.SubmittedAt.Value), sheet.Rows.Count]);
        Headers(ws, BatchColumns);
        var r = HeaderRow + 1;
        foreach (var row in sheet.Rows)
        {
            Number(ws.Cell(r, 1), r - HeaderRow);
            TextCell.Set(ws.Cell(r, 2), row.StudentNumber);
            TextCell.Set(ws.Cell(r, 3), row.ExamNumber);
            TextCell.Set(ws.Cell(r, 4), row.Name);
            TextCell.Set(ws.Cell(r, 5), fullIds ? row.IdNumber : IdNumber.Mask(row.IdNumber));
            TextCell.Set(ws.Cell(r, 6), row.ClassName);
            TextCell.Set(ws.Cell(r, 7), Text(FieldLabels.Of(row.Field)));
            TextCell.Set(ws.Cell(r, 8), Value(row.Field, row.ShownValue, fullIds));
            TextCell.Set(ws.Cell(r, 9), Value(row.Field, row.ProposedValue, fullIds));
            TextCell.Set(ws.Cell(r, 10), row.Reason);
            TextCell.Set(ws.Cell(r, 11), row.NeedsApproval ? Text("是") : Text("否"));
            TextCell.Set(ws.Cell(r, 12), row.CounselorNote);
            Time(ws.Cell(r, 13), row.SubmittedAt);
            // 更正 or 更改: the province treats them differently (a 更改 of 姓名 keeps the old name as 曾用名).
            TextCell.Set(ws.Cell(r, 14), Text(FieldLabels.Of(row.Kind)));
            // 学信网 only: the portal may already be right, but CHSI's record must still be corrected.
            TextCell.Set(ws.Cell(r, 15), Text(XuexinLabels.Of(row.SeenOn)));
            r++;
        }

        var last = r - 1;
        // Sign-off footer: the college stamps and signs the printed sheet before handing it in.
        var footer = last + 2;
        TextCell.Set(ws.Cell(footer, 1), Text("学院（盖章）："));
        TextCell.Set(ws.Cell(footer, 6), Text("经办人："));
        TextCell.Set(ws.Cell(footer, 10), Text("日期："));
        ws.Row(footer).Height = 30;
        ws.Row(footer).Style.Font.Bold = true;
        Finish(ws, BatchColumns, last);
    }

    private void Title(IXLWorksheet ws, string title, int columns)
    {
        var cell = ws.Cell(1, 1);
        TextCell.Set(cell, title);
        ws.Range(1, 1, 1, columns).Merge();
        cell.Style.Font.Bold = true;
        cell.Style.Font.FontSize = 14;
        cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        ws.Row(1).Height = 24;
        ws.Range(2, 1, 2, columns).Merge();
    }

    private void Headers(IXLWorksheet ws, (string Header, double Width)[] columns)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            var cell = ws.Cell(HeaderRow, c + 1);
            TextCell.Set(cell, Text(columns[c].Header));
            ws.Column(c + 1).Width = columns[c].Width;
        }

        var header = ws.Range(HeaderRow, 1, HeaderRow, columns.Length);
        header.Style.Font.Bold = true;
        header.Style.Fill.BackgroundColor = XLColor.FromHtml("#DDE5F0");
        header.Style.Alignment.WrapText = true;
        header.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
    }

    private static void Finish(IXLWorksheet ws, (string Header, double Width)[] columns, int lastRow)
    {
        var table = ws.Range(HeaderRow, 1, Math.Max(lastRow, HeaderRow), columns.Length);
        table.Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        table.Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        table.Style.Alignment.WrapText = true;
        table.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        table.SetAutoFilter();
        ws.SheetView.FreezeRows(HeaderRow);
        ws.PageSetup.PaperSize = XLPaperSize.A4Paper;
        ws.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        ws.PageSetup.FitToPages(1, 0);
        ws.PageSetup.SetRowsToRepeatAtTop(1, HeaderRow);
        ws.PageSetup.Margins.Left = 0.4;
        ws.PageSetup.Margins.Right = 0.4;
        ws.PageSetup.CenterHorizontally = true;
    }

    private static string Value(RecordField field, string value, bool fullIds) =>
        field == RecordField.IdNumber && !fullIds ? IdNumber.Mask(value) : value;

    private static void Number(IXLCell cell, int value)
    {
        cell.SetValue(value);
        cell.DataType = XLDataType.Number;
    }

    private void Time(IXLCell cell, DateTime? utc)
    {
        if (utc is null)
        {
            return;
        }

        cell.SetValue(clock.ToLocal(utc.Value));
        cell.Style.DateFormat.Format = DateTimeFormat;
    }

    private string Local(DateTime utc) => clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private string Text(string key) => l[key].Value;

    private static byte[] Save(XLWorkbook workbook)
    {
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
