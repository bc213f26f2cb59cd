namespace RegistryCheck.Data.Rules;

/// <summary>
/// The code tables of the record. 民族 follows GB/T 3304 plus the values registries use for people outside the 56
/// groups; 政治面貌 GB/T 4762 in the short forms CHSI shows; the others the values CHSI uses. Variants are the
/// spellings rosters arrive with; the import maps them and names each mapping in the preview.
/// </summary>
public static class CodeTables
{
    public static readonly CodeTable Ethnicity = new("GB/T 3304", EthnicityEntries(), EthnicityVariants());

    public static readonly CodeTable PoliticalStatus = new("GB/T 4762",
    [
        ("01", "中共党员"), ("02", "中共预备党员"), ("03", "共青团员"), ("04", "民革会员"), ("05", "民盟盟员"), ("06", "民建会员"),
        ("07", "民进会员"), ("08", "农工党党员"), ("09", "致公党党员"), ("10", "九三学社社员"), ("11", "台盟盟员"), ("12", "无党派人士"),
        ("13", "群众"),
    ], new Dictionary<string, string>
    {
        ["中国共产党党员"] = "中共党员", ["党员"] = "中共党员", ["中国共产党预备党员"] = "中共预备党员", ["预备党员"] = "中共预备党员",
        ["中国共产主义青年团团员"] = "共青团员", ["共青团"] = "共青团员", ["团员"] = "共青团员", ["青年团员"] = "共青团员",
        ["中国国民党革命委员会会员"] = "民革会员", ["中国民主同盟盟员"] = "民盟盟员", ["中国民主建国会会员"] = "民建会员",
        ["中国民主促进会会员"] = "民进会员", ["中国农工民主党党员"] = "农工党党员", ["中国致公党党员"] = "致公党党员",
        ["台湾民主自治同盟盟员"] = "台盟盟员", ["无党派民主人士"] = "无党派人士", ["无党派"] = "无党派人士",
    });

    public static readonly CodeTable Gender = new("GB/T 2261.1", [("1", "男"), ("2", "女")], new Dictionary<string, string>
    {
        ["男性"] = "男", ["M"] = "男", ["MALE"] = "男", ["女性"] = "女", ["F"] = "女", ["FEMALE"] = "女",
    });

    public static readonly CodeTable IdType = new("CHSI 证件类型",
    [
        ("", IdTypes.ResidentCard), ("", IdTypes.ResidencePermit), ("", IdTypes.ForeignPermanentResident),
        ("", "港澳居民来往内地通行证"), ("", "台湾居民来往大陆通行证"), ("", "护照"),
    ], new Dictionary<string, string>
    {
        ["身份证"] = IdTypes.ResidentCard, ["中华人民共和国居民身份证"] = IdTypes.ResidentCard, ["二代身份证"] = IdTypes.ResidentCard,
        ["居住证"] = IdTypes.ResidencePermit, ["港澳台居住证"] = IdTypes.ResidencePermit,
        ["外国人永久居留证"] = IdTypes.ForeignPermanentResident, ["永久居留身份证"] = IdTypes.ForeignPermanentResident,
        ["回乡证"] = "港澳居民来往内地通行证", ["港澳通行证"] = "港澳居民来往内地通行证", ["台胞证"] = "台湾居民来往大陆通行证",
        ["外国护照"] = "护照", ["PASSPORT"] = "护照",
    });

    public static readonly CodeTable Level = new("CHSI 层次",
        [("", "本科"), ("", "专科"), ("", "第二学士学位"), ("", "硕士研究生"), ("", "博士研究生")],
        new Dictionary<string, string>
        {
            ["专科(高职)"] = "专科", ["高职(专科)"] = "专科", ["高职"] = "专科", ["高职高专"] = "专科", ["专升本"] = "本科", ["普通本科"] = "本科",
        });

    public static readonly CodeTable StudyForm = new("CHSI 学习形式",
        [("", "普通全日制"), ("", "全日制"), ("", "非全日制"), ("", "函授"), ("", "业余"), ("", "脱产"), ("", "开放教育"), ("", "网络教育")],
        new Dictionary<string, string> { ["全日制普通"] = "普通全日制", ["网络"] = "网络教育" });

    public static readonly CodeTable EducationCategory = new("CHSI 学历类别",
        [("", "普通高等教育"), ("", "成人高等教育"), ("", "网络教育"), ("", "开放教育"), ("", "自学考试"), ("", "研究生教育")],
        new Dictionary<string, string>
        {
            ["普通"] = "普通高等教育", ["普通高校"] = "普通高等教育", ["成人"] = "成人高等教育", ["成教"] = "成人高等教育",
            ["高等教育自学考试"] = "自学考试", ["自考"] = "自学考试",
        });

    public static readonly CodeTable RegistryStatus = new("CHSI 学籍状态",
    [
        ("", "在籍（注册学籍）"), ("", "在籍（暂缓注册）"), ("", "休学"), ("", "保留入学资格"), ("", "保留学籍"), ("", "退学"),
        ("", "开除学籍"), ("", "取消学籍"), ("", "毕业"), ("", "结业"), ("", "肄业"), ("", "死亡"),
    ], new Dictionary<string, string> { ["在籍"] = "在籍（注册学籍）", ["注册学籍"] = "在籍（注册学籍）", ["暂缓注册"] = "在籍（暂缓注册）" });

    private static (string, string)[] EthnicityEntries()
    {
        string[] groups =
        [
            "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎",
            "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南",
            "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
            "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
        ];
        var entries = groups.Select((g, i) => ((i + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture), g + "族")).ToList();
        // Registries record people outside the 56 groups this way; 穿青人 is printed on ID cards issued in Guizhou.
        entries.Add(("97", "其他"));
        entries.Add(("98", "外国血统中国籍人士"));
        entries.Add(("", "穿青人"));
        return [.. entries];
    }

    private static Dictionary<string, string> EthnicityVariants()
    {
        var variants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, value) in EthnicityEntries().Where(e => e.Item2.EndsWith('族')))
        {
            variants[value[..^1]] = value;
        }

        variants["维族"] = "维吾尔族";
        variants["蒙族"] = "蒙古族";
        variants["穿青族"] = "穿青人";
        variants["其它"] = "其他";
        variants["外国血统"] = "外国血统中国籍人士";
        return variants;
    }
}

/// <summary>The ID types whose numbers carry GB 11643's check character.</summary>
public static class IdTypes
{
    public const string ResidentCard = "居民身份证";
    public const string ResidencePermit = "港澳台居民居住证";
    public const string ForeignPermanentResident = "外国人永久居留身份证";
}
