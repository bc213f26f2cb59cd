using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>The names of the 学信网 states and of where an error was seen (keys into the string table).</summary>
public static class XuexinLabels
{
    public static string Of(XuexinState state) => state switch
    {
        XuexinState.NotFound => "学信网未查询到学籍",
        XuexinState.Correct => "学信网核对无误",
        XuexinState.Wrong => "学信网信息有误",
        _ => "学信网未核对",
    };

    public static string Of(SeenOn seenOn) => seenOn switch
    {
        SeenOn.Xuexin => "学信网",
        SeenOn.Both => "教务系统和学信网",
        _ => "教务系统",
    };

    /// <summary>The help text a counselor passes on to a student whose record 学信网 does not show yet.</summary>
    public const string NotFoundHelp =
        "已注册但查不到学籍：新生学籍数据由学校上报、学信网审核后才会显示，通常在学信网数据上传后几天内可查。请确认注册时的姓名和证件号码与录取信息一致；如学信网核对已开放一周仍查不到，请联系学院或学籍管理科。";
}
