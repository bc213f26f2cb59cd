using System.Text;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.UnitTests.Import;

/// <summary>The roster's contact columns: 电子邮箱 and 企业微信账号 (issue 17).</summary>
public class RosterContactTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    [Theory]
    [InlineData("电子邮箱", RosterColumn.Email)]
    [InlineData("邮箱", RosterColumn.Email)]
    [InlineData("Email", RosterColumn.Email)]
    [InlineData("EMAIL", RosterColumn.Email)]
    [InlineData("e-mail", RosterColumn.Email)]
    [InlineData("E-Mail（选填）", RosterColumn.Email)]
    [InlineData("企业微信账号", RosterColumn.WeComUserId)]
    [InlineData("企业微信", RosterColumn.WeComUserId)]
    [InlineData("WeComUserId", RosterColumn.WeComUserId)]
    [InlineData("wecomuserid", RosterColumn.WeComUserId)]
    public void Contact_headers_are_recognised_in_any_case(string header, RosterColumn expected) =>
        Assert.Equal(expected, RosterColumns.Recognise(header));

    [Fact]
    public void Chsi_codes_still_name_their_columns_and_contact_columns_are_no_codes()
    {
        Assert.Equal(RosterColumn.StudentNumber, RosterColumns.Recognise("xh"));
        Assert.Equal(RosterColumn.Phone, RosterColumns.Recognise("LXDH"));
        Assert.False(RosterColumns.IsCode("Email"));
        Assert.Null(RosterColumns.CodeOf(RosterColumn.Email));
    }

    [Theory]
    [InlineData("zhangsan", "zhangsan")]
    [InlineData("Li.Ming-2026_01@econ", "Li.Ming-2026_01@econ")]
    [InlineData("２０２６０１０００１", "2026010001")]
    [InlineData(" wx＠econ ", "wx@econ")]
    public void Wecom_user_ids_of_letters_digits_and_the_four_marks_are_accepted(string raw, string expected) =>
        Assert.Equal(expected, WeComUserId.Normalize(raw));

    [Theory]
    [InlineData("")]
    [InlineData("_leading")]
    [InlineData(".dot")]
    [InlineData("李明轩")]
    [InlineData("has space")]
    [InlineData("a+b")]
    [InlineData("é1")]
    public void Other_wecom_user_ids_are_refused(string raw) => Assert.Null(WeComUserId.Normalize(raw));

    [Fact]
    public void A_wecom_user_id_is_at_most_64_characters()
    {
        Assert.NotNull(WeComUserId.Normalize(new string('a', 64)));
        Assert.Null(WeComUserId.Normalize(new string('a', 65)));
    }

    [Theory]
    [InlineData("张三 <z@example.edu.cn>")]
    [InlineData("a@b@example.edu.cn")]
    [InlineData("no-at.example.edu.cn")]
    [InlineData("a@localhost")]
    public void Display_names_and_malformed_addresses_are_refused(string raw) => Assert.Null(EmailAddress.Normalize(raw));

    [Fact]
    public void Addresses_longer_than_rfc_5321_allows_are_refused() =>
        Assert.Null(EmailAddress.Normalize(new string('a', 64) + "@" + new string('b', 187) + ".cn"));

    [Fact]
    public void The_parser_reads_contact_columns_and_names_column_and_value_of_a_bad_one()
    {
        var csv = "学号,姓名,证件号码,民族,学院,专业,班级,入学日期,EMAIL,企业微信\n" +
                  "2026010001,李明轩,430104200803151230,汉族,经济学院,经济学,2026级经济学1班,2026-09-01,Li@Stu.Example.EDU.cn,li.mx\n" +
                  "2026010002,王芳,430104200803151230,汉族,经济学院,经济学,2026级经济学1班,2026-09-01,,\n" +
                  "2026010003,张伟,430104200803151230,汉族,经济学院,经济学,2026级经济学1班,2026-09-01,\"张伟 <zw@e.cn>\",张伟\n";
        using var file = RosterFile.Open(Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HeaderConvention.ChineseNames, file.Convention);

        var records = file.DataRows().Select(r => RosterRowParser.Parse(r, file.Columns, Today)).ToList();

        Assert.Equal(("Li@stu.example.edu.cn", "li.mx"), (records[0].Email, records[0].WeComUserId));
        Assert.True(records[0].IsValid);
        Assert.Equal((null, null), (records[1].Email, records[1].WeComUserId));
        Assert.True(records[1].IsValid);
        var problems = records[2].Problems.Select(p => string.Format(p.Key, p.Args.Cast<object>().ToArray())).ToList();
        Assert.Contains("“电子邮箱”中的“张伟 <zw@e.cn>”不是有效的电子邮箱地址（应为 name@example.edu.cn 这样的单个地址，不超过 200 个字符）", problems);
        Assert.Contains("“企业微信账号”中的“张伟”不是有效的企业微信账号（1–64 个字母、数字或 _ - . @，以字母或数字开头）", problems);
    }

    [Fact]
    public void A_file_in_chsi_codes_with_an_email_column_is_still_in_codes()
    {
        var csv = "XH,XM,SFZH,MZ,FY,ZYMC,BH,RXRQ,Email\n" +
                  "2026010001,李明轩,430104200803151230,汉族,经济学院,经济学,2026级经济学1班,2026-09-01,li@stu.example.edu.cn\n";
        using var file = RosterFile.Open(Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HeaderConvention.ChsiCodes, file.Convention);
        Assert.Equal("li@stu.example.edu.cn", RosterRowParser.Parse(file.DataRows().First(), file.Columns, Today).Email);
    }
}
