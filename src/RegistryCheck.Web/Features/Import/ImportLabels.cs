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
}
