using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

/// <summary>Chinese label keys for import kinds and statuses.</summary>
public static class ImportLabels
{
    public static string Kind(ImportKind kind) => kind == ImportKind.Roster ? "名册" : "照片";

    public static string Status(ImportStatus status) => status switch
    {
        ImportStatus.Uploaded => "排队中",
        ImportStatus.Validating => "正在校验",
        ImportStatus.Previewed => "待确认",
        ImportStatus.Committing => "正在导入",
        ImportStatus.Completed => "已完成",
        ImportStatus.Failed => "失败",
        ImportStatus.Cancelled => "已取消",
        _ => "未知",
    };

    /// <summary>The format's name as registrars know it (file extensions are not translated).</summary>
    public static string Format(RosterFormat format) => format switch
    {
        RosterFormat.Csv => "CSV",
        RosterFormat.Xls => "Excel 97–2003 (.xls)",
        RosterFormat.Dbf => "dBase (.dbf)",
        _ => "Excel (.xlsx)",
    };

    public static string Convention(HeaderConvention convention) => convention switch
    {
        HeaderConvention.ChsiCodes => "学信网字段代码（如 XH、XM、SFZH）",
        HeaderConvention.Mixed => "中文列名与学信网字段代码混用",
        _ => "中文列名",
    };

    /// <summary>Why the preview proposes 专升本 for a row.</summary>
    public static string Evidence(Data.Rules.UpgradeEvidence evidence) =>
        evidence == Data.Rules.UpgradeEvidence.Remarks ? "备注中写有专升本" : "学制 2 年、层次本科";
}
