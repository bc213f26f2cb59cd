using ClosedXML.Excel;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Spreadsheets;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>
/// The packet's summary: the batch workbook's columns (domain.md, "Excel": title, 学号 · 考生号 · 姓名 · 证件号码 · 班级 ·
/// 更正项目 · 原信息 · 更正后信息 · 更正原因 · 是否需报省级审批 · 辅导员核实意见 · 提交时间, sign-off footer) for the reports in
/// the packet, plus each report's evidence files and the folder that holds them. Text cells, formula-safe. (Batches'
/// own workbook cannot be called from here: a feature depends on no other feature.)
/// </summary>
public sealed class EvidencePacketWorkbook(IStringLocalizer l, CampaignClock clock)
{
    private static readonly (string Header, double Width)[] Columns =
    [
        ("序号", 6), ("学院", 18), ("学号", 14), ("考生号", 17), ("姓名", 12), ("证件号码", 21), ("班级", 20), ("更正项目", 12), ("更正类型", 8),
        ("原信息", 22), ("更正后信息", 22), ("更正原因", 28), ("是否需报省级审批", 10), ("辅导员核实意见", 24), ("状态", 12), ("提交时间", 17),
        ("证明材料", 28), ("文件夹", 26),
    ];

    public byte[] Build(EvidencePacketPlan plan, IReadOnlyList<(FormSource Report, string Folder)> rows)
    {
        using var workbook = new XLWorkbook();
        var ws = workbook.Worksheets.Add(l["汇总表"].Value);
        TextCell.Set(ws.Cell(1, 1), plan.Title);
        ws.Range(1, 1, 1, Columns.Length).Merge();
        ws.Cell(1, 1).Style.Font.Bold = true;
        ws.Cell(1, 1).Style.Font.FontSize = 14;
        for (var c = 0; c < Columns.Length; c++)
        {
            TextCell.Set(ws.Cell(2, c + 1), l[Columns[c].Header].Value);
            ws.Column(c + 1).Width = Columns[c].Width;
        }

        ws.Range(2, 1, 2, Columns.Length).Style.Font.Bold = true;
        var r = 3;
        foreach (var (s, folder) in rows)
        {
            string Id(string v) => s.Field == RecordField.IdNumber && !plan.FullIds ? IdNumber.Mask(v) : v;
            ws.Cell(r, 1).SetValue(r - 2);
            string[] values =
            [
                s.CollegeName, s.Student.StudentNumber, s.Student.ExamNumber ?? "", s.Student.Name,
                plan.FullIds ? s.Student.IdNumber : IdNumber.Mask(s.Student.IdNumber), s.ClassName, l[FieldRules.Label(s.Field)].Value,
                l[FieldLabels.Of(s.Kind)].Value, Id(s.ShownValue), Id(s.ProposedValue), s.Reason, l["是"].Value, s.CounselorNote ?? "",
                l[FieldLabels.Of(s.Status)].Value,
                clock.ToLocal(s.SubmittedAt).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                string.Join("；", s.Evidence.Select(e => e.FileName)), folder,
            ];
            for (var c = 0; c < values.Length; c++)
            {
                TextCell.Set(ws.Cell(r, c + 2), values[c]);
            }

            r++;
        }

        var footer = r + 1;
        TextCell.Set(ws.Cell(footer, 1), l["学院（盖章）："].Value);
        TextCell.Set(ws.Cell(footer, 7), l["经办人："].Value);
        TextCell.Set(ws.Cell(footer, 12), l["日期："].Value);
        ws.Row(footer).Style.Font.Bold = true;
        ws.SheetView.FreezeRows(2);
        ws.PageSetup.PaperSize = XLPaperSize.A4Paper;
        ws.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        ws.PageSetup.FitToPages(1, 0);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
