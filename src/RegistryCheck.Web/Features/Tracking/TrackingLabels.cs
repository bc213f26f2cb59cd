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
        StudentFilter.NotDone => "未查看或未确认",
        StudentFilter.Exempt => "免核对",
        _ when Enum.TryParse<CheckState>(state, out var s) && Enum.IsDefined(s) => FieldLabels.Of(s),
        _ => "全部",
    };

    public static string XuexinFilter(string? value) => value switch
    {
        StudentFilter.PortalDoneXuexinNot => "教务系统已确认但学信网未核对",
        _ when Enum.TryParse<XuexinState>(value, out var s) && Enum.IsDefined(s) => XuexinLabels.Of(s),
        _ => "全部",
    };

    /// <summary>What a student saw wrong on 学信网: the fields, and the photo, each label through the localizer.</summary>
    public static string XuexinErrors(string? wrongFields, bool? photoCorrect, Func<string, string> localize)
    {
        var labels = (wrongFields ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => Enum.TryParse<RecordField>(f, out var field) ? localize(FieldLabels.Of(field)) : null)
            .OfType<string>().ToList();
        if (photoCorrect == false)
        {
            labels.Add(localize("录取照片"));
        }

        return string.Join("、", labels);
    }

    public static string Channel(NudgeChannel channel) => channel switch
    {
        NudgeChannel.Phone => "电话",
        NudgeChannel.WeChat => "微信",
        NudgeChannel.InPerson => "当面",
        NudgeChannel.Sms => "短信",
        NudgeChannel.Email => "电子邮件",
        NudgeChannel.WeCom => "企业微信",
        _ => "其他",
    };

    /// <summary>Channels a counselor records by hand; e-mail and WeCom nudges are the portal's own, recorded when it sends.</summary>
    public static readonly NudgeChannel[] ManualChannels =
        [NudgeChannel.Phone, NudgeChannel.WeChat, NudgeChannel.InPerson, NudgeChannel.Sms, NudgeChannel.Other];

    public static string Exemption(ExemptionKind kind) => kind switch
    {
        ExemptionKind.Deferred => "保留入学资格",
        ExemptionKind.Withdrawn => "放弃入学资格",
        ExemptionKind.Preparatory => "预科",
        _ => "其他",
    };
}
