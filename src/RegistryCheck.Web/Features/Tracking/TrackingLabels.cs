using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>Chinese labels (the keys into the shared string table) of the tracking pages' codes.</summary>
public static class TrackingLabels
{
    public const string ClassColumn = "班级";
    public const string CollegeColumn = "学院";
    public const string SchoolTotal = "全校合计";
    public const string Total = "合计";

    public static string Filter(string? state) => state switch
    {
        StudentFilter.Unfinished => "全部未完成",
        StudentFilter.Exempt => "免核对",
        _ when Enum.TryParse<CheckState>(state, out var s) && Enum.IsDefined(s) => FieldLabels.Of(s),
        _ => "全部",
    };

    public static string Channel(NudgeChannel channel) => channel switch
    {
        NudgeChannel.Phone => "电话",
        NudgeChannel.WeChat => "微信",
        NudgeChannel.InPerson => "当面",
        NudgeChannel.Sms => "短信",
        _ => "其他",
    };

    public static string Exemption(ExemptionKind kind) => kind switch
    {
        ExemptionKind.Deferred => "保留入学资格",
        ExemptionKind.Withdrawn => "放弃入学资格",
        ExemptionKind.Preparatory => "预科",
        _ => "其他",
    };
}
