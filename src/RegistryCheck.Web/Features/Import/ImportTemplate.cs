using ClosedXML.Excel;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Import;

/// <summary>The roster template: the header row, every column formatted as text, one example row.</summary>
public static class ImportTemplate
{
    public const string FileName = "roster-template.xlsx";

    public static readonly RosterColumn[] Layout =
    [
        RosterColumn.StudentNumber, RosterColumn.ExamNumber, RosterColumn.Name, RosterColumn.Gender, RosterColumn.BirthDate,
        RosterColumn.Ethnicity, RosterColumn.PoliticalStatus, RosterColumn.IdType, RosterColumn.IdNumber, RosterColumn.College,
        RosterColumn.Major, RosterColumn.Class, RosterColumn.Level, RosterColumn.LengthOfStudy, RosterColumn.StudyForm,
        RosterColumn.EnrollmentDate, RosterColumn.Phone, RosterColumn.Email, RosterColumn.WeComUserId,
    ];

    public static byte[] Build()
    {
        const string first17 = "11010520080101002";
        var example = new Dictionary<RosterColumn, string>
        {
            [RosterColumn.StudentNumber] = "2026019999",
            [RosterColumn.ExamNumber] = "26110105000001",
            [RosterColumn.Name] = "示例学生",
            [RosterColumn.Gender] = "女",
            [RosterColumn.BirthDate] = "2008-01-01",
            [RosterColumn.Ethnicity] = "汉族",
            [RosterColumn.PoliticalStatus] = "共青团员",
            [RosterColumn.IdType] = "居民身份证",
            [RosterColumn.IdNumber] = first17 + IdNumber.ComputeCheckCharacter(first17),
            [RosterColumn.College] = "经济学院",
            [RosterColumn.Major] = "经济学",
            [RosterColumn.Class] = "2026级经济学1班",
            [RosterColumn.Level] = "本科",
            [RosterColumn.LengthOfStudy] = "4",
            [RosterColumn.StudyForm] = "普通全日制",
            [RosterColumn.EnrollmentDate] = "2026-09-01",
            [RosterColumn.Phone] = "13800000000",
            [RosterColumn.Email] = "2026019999@stu.example.edu.cn",
            [RosterColumn.WeComUserId] = "2026019999",
        };

        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("名册");
        for (var i = 0; i < Layout.Length; i++)
        {
            var column = sheet.Column(i + 1);
            // Text format, so that 18-digit ID numbers typed or pasted later are not turned into 4.3E+17.
            column.Style.NumberFormat.Format = "@";
            column.Width = Layout[i] is RosterColumn.IdNumber or RosterColumn.Class or RosterColumn.ExamNumber or RosterColumn.Email ? 22 : 13;
            var header = sheet.Cell(1, i + 1);
            header.SetValue(RosterColumns.HeaderOf(Layout[i]));
            header.Style.Font.Bold = true;
            var cell = sheet.Cell(2, i + 1);
            cell.SetValue(example[Layout[i]]);
            cell.DataType = XLDataType.Text;
        }

        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
