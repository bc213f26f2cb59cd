using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Features.Notifications;

namespace RegistryCheck.UnitTests.Notifications;

/// <summary>The registrar's message texts: plain text, known placeholders of the kind, balanced braces, the link kept (ADR-027).</summary>
public sealed class MessageTemplateRulesTests
{
    private static List<string> Keys(MessageKind kind, string body, string subject = "标题", MessageChannel channel = MessageChannel.Email) =>
        MessageTemplateRules.Check(kind, channel, subject, body).Select(p => $"{p.Field}:{string.Format(System.Globalization.CultureInfo.InvariantCulture, p.Key, p.Args)}").ToList();

    [Fact]
    public void Every_built_in_text_passes_its_own_rules()
    {
        foreach (var kind in Enum.GetValues<MessageKind>())
        {
            var (subject, body) = Web.Infrastructure.Notifications.MessageTexts.Default(kind);
            Assert.Empty(Keys(kind, body, subject));
            Assert.Empty(Keys(kind, body, "", MessageChannel.WeCom));
        }
    }

    [Fact]
    public void The_placeholders_of_each_kind_are_those_its_renderer_fills()
    {
        Assert.Equal(["{姓名}", "{截止时间}", "{链接}"], MessageTemplateRules.Allowed(MessageKind.Nudge));
        Assert.Equal(["{姓名}", "{截止时间}", "{链接}", "{原因}"], MessageTemplateRules.Allowed(MessageKind.ReportReturned));
        Assert.Equal(["{姓名}", "{截止时间}", "{链接}", "{原因}"], MessageTemplateRules.Allowed(MessageKind.ReportRejected));
        Assert.Equal(["{姓名}", "{截止时间}", "{链接}"], MessageTemplateRules.Allowed(MessageKind.ReportCorrected));
        Assert.Equal(["{姓名}", "{截止时间}", "{链接}", "{验证码}"], MessageTemplateRules.Allowed(MessageKind.PasswordReset));
        Assert.Equal(["{链接}", "{验证码}"], MessageTemplateRules.Required(MessageKind.PasswordReset));
        Assert.Equal(["{链接}"], MessageTemplateRules.Required(MessageKind.XuexinReminder));
    }

    [Theory]
    [InlineData("{姓名}同学：请于{截止时间}前登录 {链接}。")]
    [InlineData("{链接}")]
    [InlineData("{姓名}{姓名}：｛全角括号不是占位符｝ {链接}\n第二行")]
    public void A_good_text_passes(string body) => Assert.Empty(Keys(MessageKind.Nudge, body));

    [Theory]
    [InlineData("{学号} {链接}", "Body:未知的占位符 {学号}，可用的占位符：{姓名} {截止时间} {链接}")]
    [InlineData("{ 姓名} {链接}", "Body:未知的占位符 { 姓名}，可用的占位符：{姓名} {截止时间} {链接}")]
    [InlineData("{name} {链接}", "Body:未知的占位符 {name}，可用的占位符：{姓名} {截止时间} {链接}")]
    [InlineData("{原因} {链接}", "Body:占位符 {原因} 不能用于这类消息，可用的占位符：{姓名} {截止时间} {链接}")]
    [InlineData("{验证码} {链接}", "Body:占位符 {验证码} 不能用于这类消息，可用的占位符：{姓名} {截止时间} {链接}")]
    [InlineData("{姓名 {链接}", "Body:“{姓名 ”缺少右花括号：花括号只能用于占位符")]
    [InlineData("{链接} {姓名", "Body:“{姓名”缺少右花括号：花括号只能用于占位符")]
    [InlineData("}{链接}", "Body:多余的右花括号（第 1 个字符）：花括号只能用于占位符")]
    [InlineData("{{链接}}", "Body:“{”缺少右花括号：花括号只能用于占位符|Body:多余的右花括号（第 6 个字符）：花括号只能用于占位符")]
    [InlineData("<b>{链接}</b>", "Body:不能包含 < 或 >：消息是纯文本，不支持 HTML")]
    [InlineData("请登录 {链接}\u0007", "Body:不能包含换行以外的控制字符")]
    [InlineData("{姓名}同学，请尽快登录。", "Body:正文必须包含占位符 {链接}")]
    [InlineData("", "Body:请输入正文")]
    public void A_bad_body_is_refused_with_a_message_naming_the_problem(string body, string expected) =>
        Assert.Equal(expected.Split('|'), Keys(MessageKind.Nudge, body));

    [Fact]
    public void The_lengths_are_counted_after_cleaning_and_the_subject_is_one_line()
    {
        var body = "{链接}" + new string('字', MessageTemplateRules.BodyMax - 4);
        Assert.Empty(Keys(MessageKind.Nudge, MessageTemplateRules.Clean(body + "\r\n  ")));
        Assert.Equal(["Body:最多 500 个字符（现在 501 个）"], Keys(MessageKind.Nudge, body + "字"));
        Assert.Equal(["Subject:最多 100 个字符（现在 101 个）"], Keys(MessageKind.Nudge, "{链接}", new string('题', 101)));
        Assert.Equal(["Subject:邮件标题不能换行"], Keys(MessageKind.Nudge, "{链接}", "第一行\n第二行"));
        Assert.Equal(["Subject:请输入邮件标题"], Keys(MessageKind.Nudge, "{链接}", ""));
        Assert.Equal(["Subject:未知的占位符 {学号}，可用的占位符：{姓名} {截止时间} {链接}"], Keys(MessageKind.Nudge, "{链接}", "{学号}"));
        Assert.Equal("a\nb", MessageTemplateRules.Clean("  a\r\nb\r"));
    }

    [Fact]
    public void A_WeCom_text_has_no_subject_to_check_but_its_body_follows_the_same_rules()
    {
        Assert.Empty(Keys(MessageKind.Nudge, "{链接}", "", MessageChannel.WeCom));
        Assert.Equal(["Body:不能包含 < 或 >：消息是纯文本，不支持 HTML"], Keys(MessageKind.Nudge, "<a href=\"{链接}\">登录</a>", "", MessageChannel.WeCom));
    }

    [Fact]
    public void A_password_reset_text_must_keep_the_code()
    {
        Assert.Equal(["Body:正文必须包含占位符 {验证码}"], Keys(MessageKind.PasswordReset, "{姓名}，请登录 {链接}"));
        Assert.Empty(Keys(MessageKind.PasswordReset, "{姓名}，临时密码 {验证码}，{截止时间}前有效，登录 {链接}"));
    }
}
