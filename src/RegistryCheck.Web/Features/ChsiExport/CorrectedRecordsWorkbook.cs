using ClosedXML.Excel;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Spreadsheets;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>
/// The corrected records as a workbook in CHSI's structure: row 1 holds the codes (KSH, XH, XM …) so the sheet reads
/// back as a CHSI-coded table, every value a text cell (学号, 身份证号 and dates keep every digit), formula-safe; then
/// the columns that say what changed and whether it needs the province. A second sheet explains the codes, the
/// .dbf's widths and the rows the .dbf could not carry — which this workbook carries with every value intact.
/// </summary>
public sealed class CorrectedRecordsWorkbook(IStringLocalizer l)
{
    private static readonly string[] ExtraHeaders = ["更正项目", "更正字段", "需省级审批的项目", "是否需报省级审批", "更正前后", "DBF说明", "发现于"];

    public byte[] Build(CorrectedRecordSet set, ChsiDbfLayout dbf, string exportedAt)
    {
        using var workbook = new XLWorkbook();
        WriteRecords(workbook.Worksheets.Add(l["更正数据"].Value), set, dbf);
        WriteNotes(workbook.Worksheets.Add(l["说明"].Value), set, dbf, exportedAt);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private void WriteRecords(IXLWorksheet ws, CorrectedRecordSet set, ChsiDbfLayout dbf)
    {
        var columns = ChsiColumns.All;
        for (var c = 0; c < columns.Count; c++)
        {
            TextCell.Set(ws.Cell(1, c + 1), columns[c].Code);
            ws.Column(c + 1).Width = Math.Clamp(columns[c].Bytes * 0.9, 6, 30);
        }

        for (var e = 0; e < ExtraHeaders.Length; e++)
        {
            TextCell.Set(ws.Cell(1, columns.Count + e + 1), l[ExtraHeaders[e]].Value);
            ws.Column(columns.Count + e + 1).Width = e == 4 ? 40 : 18;
        }

        var notes = dbf.Notes.ToLookup(n => n.StudentId);
        var row = 2;
        foreach (var record in set.Records)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                TextCell.Set(ws.Cell(row, c + 1), record.Values[c]);
            }

            var x = columns.Count + 1;
            TextCell.Set(ws.Cell(row, x), string.Join("、", record.Changes.Select(ch => l[FieldRules.Label(ch.Field)].Value)));
            TextCell.Set(ws.Cell(row, x + 1), ChsiDbfLayout.ChangedCodes(record));
            TextCell.Set(ws.Cell(row, x + 2), string.Join("、", record.Changes.Where(ch => ch.NeedsApproval).Select(ch => l[FieldRules.Label(ch.Field)].Value)));
            TextCell.Set(ws.Cell(row, x + 3), record.NeedsApproval ? l["是"].Value : l["否"].Value);
            TextCell.Set(ws.Cell(row, x + 4), string.Join("\n", record.Changes.Select(ch => l["{0}：{1} → {2}", ch.Code, ch.OldValue, ch.NewValue].Value)));
            TextCell.Set(ws.Cell(row, x + 5), string.Join("\n", notes[record.StudentId].Select(n => n.Message.Localize(l))));
            // The batch workbook's labels (XuexinLabels), so both files name where an error was seen alike.
            TextCell.Set(ws.Cell(row, x + 6), l[XuexinLabels.Of(record.SeenOn)].Value);
            row++;
        }

        var header = ws.Range(1, 1, 1, columns.Count + ExtraHeaders.Length);
        header.Style.Font.Bold = true;
        header.Style.Fill.BackgroundColor = XLColor.FromHtml("#DDE5F0");
        ws.Range(1, 1, Math.Max(row - 1, 1), columns.Count + ExtraHeaders.Length).SetAutoFilter();
        ws.SheetView.FreezeRows(1);
        ws.PageSetup.PaperSize = XLPaperSize.A4Paper;
        ws.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        ws.PageSetup.FitToPages(1, 0);
        ws.PageSetup.SetRowsToRepeatAtTop(1, 1);
    }

    private void WriteNotes(IXLWorksheet ws, CorrectedRecordSet set, ChsiDbfLayout dbf, string exportedAt)
    {
        var scope = set.CollegeName ?? l["全部学院"].Value;
        TextCell.Set(ws.Cell(1, 1), l["{0} · {1} · 学籍更正数据（学信网字段）", set.Campaign.Name, scope].Value);
        ws.Cell(1, 1).Style.Font.Bold = true;
        TextCell.Set(ws.Cell(2, 1), l["共 {0} 名学生，导出时间 {1}", set.Records.Count, exportedAt].Value);

        var r = 4;
        Heading(ws, r++, l["字段代码"].Value, l["名称"].Value, l[".dbf 宽度（字节）"].Value, l["学信网宽度（字节）"].Value);
        var written = dbf.Plan.Columns.ToDictionary(c => c.Name, c => c.Bytes);
        foreach (var c in ChsiColumns.All)
        {
            Row(ws, r++, c.Code, c.Label, written[c.Code].ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Row(ws, r++, ChsiDbfLayout.ChangedCode, l["更正字段"].Value, written[ChsiDbfLayout.ChangedCode].ToString(System.Globalization.CultureInfo.InvariantCulture), "");
        Row(ws, r++, ChsiDbfLayout.ApprovalCode, l["需省级审批的项目"].Value, written[ChsiDbfLayout.ApprovalCode].ToString(System.Globalization.CultureInfo.InvariantCulture), "");
        Row(ws, r++, ChsiDbfLayout.SeenOnCode, l["发现于"].Value, written[ChsiDbfLayout.SeenOnCode].ToString(System.Globalization.CultureInfo.InvariantCulture), "");

        r++;
        TextCell.Set(ws.Cell(r++, 1), dbf.Notes.Count == 0
            ? l["所有行均已写入 .dbf。"].Value
            : l["以下 {0} 名学生的行未写入 .dbf（值不会被截断或替换为“?”），请按本工作簿中的原值处理：", dbf.Excluded.Count].Value);
        if (dbf.Notes.Count > 0)
        {
            Heading(ws, r++, l["学号"].Value, l["姓名"].Value, l["字段代码"].Value, l["原因"].Value);
            foreach (var n in dbf.Notes)
            {
                Row(ws, r++, n.StudentNumber, n.Name, n.Code, n.Message.Localize(l));
            }
        }

        ws.Column(1).Width = 16;
        ws.Column(2).Width = 22;
        ws.Column(3).Width = 18;
        ws.Column(4).Width = 70;
    }

    private static void Heading(IXLWorksheet ws, int row, params string[] values)
    {
        Row(ws, row, values);
        ws.Range(row, 1, row, values.Length).Style.Font.Bold = true;
    }

    private static void Row(IXLWorksheet ws, int row, params string[] values)
    {
        for (var c = 0; c < values.Length; c++)
        {
            TextCell.Set(ws.Cell(row, c + 1), values[c]);
        }
    }
}
