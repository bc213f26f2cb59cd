using DocumentFormat.OpenXml;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Spreadsheets;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Batches;

public sealed record ExportRow(
    string CollegeName, string StudentNumber, string? ExamNumber, string Name, string IdNumber, string ClassName, RecordField Field,
    string ShownValue, string ProposedValue, string Reason, bool NeedsApproval, string? CounselorNote, DateTime SubmittedAt,
    ReportStatus Status, string? RejectionReason, DateTime? ResolvedAt, int? BatchSequence, CorrectionKind Kind, SeenOn SeenOn = SeenOn.Portal);

/// <summary>One college's sheet: its reports and the batches they came in.</summary>
public sealed record CollegeSheet(string CollegeName, int Cohort, IReadOnlyList<int> Sequences, DateTime? SubmittedAt, IReadOnlyList<ExportRow> Rows);

/// <summary>
/// The registrar's workbooks (domain.md, "Excel"): a title row, the Chinese (or, for an English UI, English)
/// column headers, every identifier as a text cell, times in the university's time zone, a sign-off footer,
/// widths set by hand, frozen header, auto-filter and A4 landscape printing fitted to the page width with the
/// header rows repeated. Written with OpenXmlWriter (<see cref="CorrectionSheet"/>): ClosedXML cost 6–14× the bare
/// writer for a 2,000-report batch; the workbook is the same where a user can see it (ADR-029).
/// </summary>
public sealed class CorrectionWorkbook(IStringLocalizer l, CampaignClock clock)
{
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

    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    /// <summary>One sheet per college. <paramref name="fullIds"/> is false for the college's own copy.</summary>
    public byte[] Batches(IReadOnlyList<CollegeSheet> sheets, bool fullIds)
    {
        using var package = new XlsxPackage(CorrectionSheet.Styles(), clock.UtcNow);
        var names = SheetNames.Make(sheets.Select(s => s.CollegeName));
        for (var i = 0; i < sheets.Count; i++)
        {
            string range = "";
            package.AddSheet(names[i], w => range = WriteBatchSheet(w, sheets[i], fullIds));
            package.AddTableNames(range, 1, CorrectionSheet.HeaderRow);
        }

        if (sheets.Count == 0)
        {
            package.AddSheet(Text("学籍信息更正汇总表"), w => CorrectionSheet.WriteNote(w, Text("没有已报送的批次。")));
        }

        return package.ToArray();
    }

    public byte[] CampaignReport(string campaignName, IReadOnlyList<ExportRow> rows)
    {
        using var package = new XlsxPackage(CorrectionSheet.Styles(), clock.UtcNow);
        string range = "";
        package.AddSheet(SheetNames.Make([Text("更正情况")])[0], w => range = WriteReportSheet(w, campaignName, rows));
        package.AddTableNames(range, 1, CorrectionSheet.HeaderRow);
        return package.ToArray();
    }

    private string WriteReportSheet(OpenXmlWriter writer, string campaignName, IReadOnlyList<ExportRow> rows)
    {
        var sheet = new CorrectionSheet(writer, Headers(ReportColumns), rows.Count, CorrectionSheet.HeaderRow + rows.Count,
            l["{0} · 学籍信息更正情况报告", campaignName], l["共 {0} 条报告，导出时间 {1}", rows.Count, Local(clock.UtcNow)]);
        var cells = sheet.Rows;
        var r = CorrectionSheet.HeaderRow + 1;
        foreach (var row in rows)
        {
            cells.StartRow(r, sheet.Span);
            cells.Number(r - CorrectionSheet.HeaderRow, CorrectionSheet.Body);
            Texts(cells, row.CollegeName, row.ClassName, row.StudentNumber, row.Name, Text(FieldLabels.Of(row.Field)),
                Value(row.Field, row.ShownValue, fullIds: false), Value(row.Field, row.ProposedValue, fullIds: false), row.Reason,
                row.NeedsApproval ? Text("是") : Text("否"), Text(FieldLabels.Of(row.Status)), row.CounselorNote, row.RejectionReason);
            Number(cells, row.BatchSequence);
            Time(cells, row.SubmittedAt);
            Time(cells, row.ResolvedAt);
            Texts(cells, Text(FieldLabels.Of(row.Kind)), Text(XuexinLabels.Of(row.SeenOn)));
            cells.EndRow();
            r++;
        }

        sheet.Finish();
        return sheet.TableRange;
    }

    private string WriteBatchSheet(OpenXmlWriter writer, CollegeSheet college, bool fullIds)
    {
        var batches = string.Join(", ", college.Sequences.Select(s => l["第 {0} 批", s].Value));
        var footer = CorrectionSheet.HeaderRow + college.Rows.Count + 2;
        var sheet = new CorrectionSheet(writer, Headers(BatchColumns), college.Rows.Count, footer,
            l["{0} · {1}级 · 学籍信息更正汇总表", college.CollegeName, college.Cohort],
            l["{0}；报送时间 {1}；共 {2} 条", batches, college.SubmittedAt is null ? "" : Local(college.SubmittedAt.Value), college.Rows.Count]);
        var cells = sheet.Rows;
        var r = CorrectionSheet.HeaderRow + 1;
        foreach (var row in college.Rows)
        {
            cells.StartRow(r, sheet.Span);
            cells.Number(r - CorrectionSheet.HeaderRow, CorrectionSheet.Body);
            Texts(cells, row.StudentNumber, row.ExamNumber, row.Name, fullIds ? row.IdNumber : IdNumber.Mask(row.IdNumber), row.ClassName,
                Text(FieldLabels.Of(row.Field)), Value(row.Field, row.ShownValue, fullIds), Value(row.Field, row.ProposedValue, fullIds), row.Reason,
                row.NeedsApproval ? Text("是") : Text("否"), row.CounselorNote);
            Time(cells, row.SubmittedAt);
            // 更正 or 更改: the province treats them differently (a 更改 of 姓名 keeps the old name as 曾用名).
            // 学信网 only: the portal may already be right, but CHSI's record must still be corrected.
            Texts(cells, Text(FieldLabels.Of(row.Kind)), Text(XuexinLabels.Of(row.SeenOn)));
            cells.EndRow();
            r++;
        }

        WriteFooter(cells, footer, sheet.Span);
        sheet.Finish();
        return sheet.TableRange;
    }

    /// <summary>Sign-off footer: the college stamps and signs the printed sheet before handing it in (a bold row, 30 high).</summary>
    private void WriteFooter(XlsxRowWriter cells, int footer, int span)
    {
        cells.StartRow(footer, span, height: 30, style: CorrectionSheet.Bold);
        for (var c = 1; c <= span; c++)
        {
            var text = c switch { 1 => Text("学院（盖章）："), 6 => Text("经办人："), 10 => Text("日期："), _ => "" };
            cells.Text(text, CorrectionSheet.Bold, CorrectionSheet.Bold);
        }

        cells.EndRow();
    }

    private (string Header, double Width)[] Headers((string Header, double Width)[] columns) =>
        columns.Select(c => (Text(c.Header), c.Width)).ToArray();

    private static void Texts(XlsxRowWriter cells, params string?[] values)
    {
        foreach (var value in values)
        {
            cells.Text(value, CorrectionSheet.Body, CorrectionSheet.BodyQuoted);
        }
    }

    private static void Number(XlsxRowWriter cells, int? value)
    {
        if (value is int n)
        {
            cells.Number(n, CorrectionSheet.Body);
        }
        else
        {
            cells.Blank(CorrectionSheet.Body);
        }
    }

    private void Time(XlsxRowWriter cells, DateTime? utc)
    {
        if (utc is DateTime t)
        {
            cells.Date(clock.ToLocal(t), CorrectionSheet.BodyTime);
        }
        else
        {
            cells.Blank(CorrectionSheet.Body);
        }
    }

    private static string Value(RecordField field, string value, bool fullIds) =>
        field == RecordField.IdNumber && !fullIds ? IdNumber.Mask(value) : value;

    private string Local(DateTime utc) => clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A label through the localizer, looked up once per workbook (a 2,000-row sheet asks for the same few thousands of times).</summary>
    private string Text(string key)
    {
        if (!_texts.TryGetValue(key, out var text))
        {
            text = l[key].Value;
            _texts[key] = text;
        }

        return text;
    }
}
