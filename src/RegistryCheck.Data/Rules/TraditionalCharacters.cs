using System.Text;

namespace RegistryCheck.Data.Rules;

/// <summary>
/// Common traditional characters seen in names, for pointing out a likely cause of a mismatch.
/// Only a hint: stored names are never converted, the ID card is authoritative.
/// </summary>
public static class TraditionalCharacters
{
    // Pairs of (traditional, simplified). The simplified half is kept so the table can be checked
    // (a test asserts the halves differ and never overlap) and so a message can name the other form.
    // Surnames written the same in both scripts (沈 魏 彭 傅 戴 尹 …) are deliberately absent,
    // as are characters that stayed in use in simplified text as separate words or surnames (於 乾 余 昇).
    private const string Pairs =
        "張张陳陈劉刘黃黄楊杨趙赵吳吴孫孙馬马鄭郑謝谢韓韩葉叶許许蘇苏盧卢蔣蒋鄧邓陸陆龔龚"
        + "萬万錢钱顧顾賴赖華华龍龙閻阎閆闫羅罗譚谭鍾钟鄒邹雲云蕭萧歐欧陽阳馮冯湯汤聶聂齊齐龐庞"
        + "賀贺嚴严關关莊庄賈贾簡简溫温項项鮑鲍駱骆喬乔聞闻衛卫談谈紀纪費费樂乐韋韦藍蓝饒饶"
        + "麥麦鄺邝魯鲁畢毕貝贝計计閔闵婁娄顏颜經经繆缪應应單单諸诸鈕钮儲储烏乌車车宮宫寧宁"
        + "欒栾厲厉薊蓟懷怀藺蔺黨党貢贡勞劳酈郦壽寿邊边農农連连習习滿满廣广祿禄闕阙師师鞏巩"
        + "闞阚鄔邬權权蓋盖荊荆"
        + "國国麗丽強强偉伟東东軍军紅红蘭兰鳳凤慶庆貴贵寶宝義义禮礼門门鐵铁書书劍剑榮荣語语"
        + "聰聪濤涛輝辉豐丰倫伦儀仪傑杰潔洁靜静艷艳豔艳鵬鹏飛飞剛刚亞亚嬌娇曉晓蓮莲瑩莹穎颖"
        + "嵐岚瑤瑶瑋玮達达運运進进遠远興兴舉举學学愛爱誠诚順顺鋒锋銘铭錦锦釗钊鈞钧鋼钢銀银"
        + "鐘钟長长開开會会傳传億亿優优聖圣夢梦鶴鹤鴻鸿鳴鸣靈灵韻韵頌颂顯显風风駿骏騰腾驍骁"
        + "齡龄嘯啸團团園园圓圆堅坚壯壮聲声奮奋嬋婵嫻娴寬宽實实專专島岛崗岗嶺岭巖岩帥帅憲宪"
        + "戰战時时暉晖曄晔棟栋楓枫樺桦樹树橋桥歡欢氣气淵渊漢汉澤泽濱滨煒炜燁烨爾尔獻献環环"
        + "璽玺發发碩硕禎祯穩稳競竞範范納纳紹绍絲丝綠绿維维綺绮緯纬繼继續续纓缨聯联肅肃藝艺"
        + "號号親亲覺觉觀观詩诗說说諾诺謙谦譽誉讓让貞贞財财賢贤資资贊赞躍跃軒轩遜逊邁迈還还"
        + "鄉乡錫锡鍵键鎮镇鏡镜鑒鉴閩闽雙双電电頂顶願愿鮮鲜鷹鹰臺台鬱郁後后幹干";

    private static readonly Dictionary<Rune, Rune> TraditionalToSimplified = BuildTable();

    public static IReadOnlySet<Rune> All { get; } = new HashSet<Rune>(TraditionalToSimplified.Keys);

    public static bool IsTraditional(Rune rune) => TraditionalToSimplified.ContainsKey(rune);

    public static bool TryGetSimplified(Rune traditional, out Rune simplified) =>
        TraditionalToSimplified.TryGetValue(traditional, out simplified);

    private static Dictionary<Rune, Rune> BuildTable()
    {
        var runes = Pairs.EnumerateRunes().ToArray();
        var table = new Dictionary<Rune, Rune>(runes.Length / 2);
        for (var i = 0; i + 1 < runes.Length; i += 2)
        {
            table.Add(runes[i], runes[i + 1]);
        }

        return table;
    }
}
