using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Features.Batches;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.UnitTests.Batches;

/// <summary>Batches and reports with the awkward values a real campaign has: formulas, empty cells, long text, every status.</summary>
internal static class WorkbookSamples
{
    public static readonly DateTime Now = new(2026, 9, 20, 2, 0, 0, DateTimeKind.Utc);

    public static CampaignClock Clock() =>
        new(new FixedTime(Now), new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:TimeZone"] = "Asia/Shanghai" }).Build());

    public static ExportRow Row(int i, string college = "经济学院")
    {
        var field = (RecordField)(i % 24);
        var formula = i % 7 == 0;
        return new ExportRow(
            college, $"2026{i:000000}", i % 5 == 0 ? null : $"26430104{i:000000}", formula ? "=HYPERLINK(\"http://x\",\"y\")" : $"学生{i}",
            $"43010420080315{i % 10000:0000}", $"2026级经济学{i % 3 + 1}班", field,
            field == RecordField.IdNumber ? $"43010420080315{i % 10000:0000}" : $"原值{i}", i % 11 == 0 ? "+8613912345678" : $"新值{i}",
            i % 13 == 0 ? "-换了号码 @所有人" : i % 17 == 0 ? new string('长', 120) + "\n第二行" : $"原因{i}",
            i % 4 == 0, i % 3 == 0 ? null : i % 9 == 0 ? "=1+1" : "已核实", Now.AddMinutes(-i),
            (ReportStatus)(i % 7), i % 7 == 5 ? "＝不予更正" : null, i % 2 == 0 ? Now.AddHours(i % 48) : null, i % 6 == 0 ? null : i % 4 + 1,
            (CorrectionKind)(i % 2), (SeenOn)(i % 3));
    }

    public static List<ExportRow> Rows(int count, string college = "经济学院") => Enumerable.Range(1, count).Select(i => Row(i, college)).ToList();

    /// <summary>A control character (which XML cannot hold as such), a tab and a character outside the BMP.</summary>
    public static ExportRow Awkward() => Row(1, "控制字符") with { Reason = "原因\u0001控制\t制表 😀", CounselorNote = "\u0008" };

    public static List<CollegeSheet> Sheets() =>
    [
        new("控制字符", 2026, [1], Now, [Awkward()]),
        new("经济学院", 2026, [1, 2], Now.AddDays(-1), Rows(40)),
        new("中华人民共和国某某省某某市某某大学马克思主义学院与国际关系学院联合培养中心", 2026, [3], null, Rows(3, "马院")),
        new("历史/文化[学院]:*?", 2026, [1], Now, []),
        new("经济学院", 2026, [4], Now, Rows(2)),
        new("School of Law's", 2026, [1], Now, Rows(1, "School of Law's")),
    ];

    /// <summary>The zh-CN localizer: the key is the text.</summary>
    public sealed class KeyLocalizer : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name, resourceNotFound: true);

        public LocalizedString this[string name, params object[] arguments] =>
            new(name, string.Format(CultureInfo.InvariantCulture, name, arguments), resourceNotFound: true);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc);
    }
}
