using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Localization;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>A rendered message: subject (e-mail only) and the plain text body.</summary>
public sealed record MessageText(string Subject, string Body);

/// <summary>
/// The texts of every message kind: the built-in default (a localization key, so English comes from the resx) or the
/// registrar's campaign template, filled with the placeholders {姓名} {截止时间} {链接} {原因}.
/// </summary>
public sealed partial class MessageTexts(IStringLocalizerFactory factory)
{
    public const string Name = "{姓名}";
    public const string Deadline = "{截止时间}";
    public const string Link = "{链接}";
    public const string Reason = "{原因}";
    /// <summary>A one-time reset code: only in messages whose channel reaches the student alone (<c>ownOnly</c>).</summary>
    public const string Code = "{验证码}";
    /// <summary>How many verified reports of the college wait to be submitted (summary-deadline reminders).</summary>
    public const string Count = "{数量}";
    public static readonly string[] Placeholders = [Name, Deadline, Link, Reason, Code, Count];

    private readonly IStringLocalizer _l = factory.Create(typeof(SharedResource));

    /// <summary>The default (subject, body) of a kind, as localization keys (Chinese).</summary>
    public static (string Subject, string Body) Default(MessageKind kind) => kind switch
    {
        MessageKind.Nudge => ("学籍信息核对提醒", "{姓名}同学：你的新生学籍信息尚未完成核对，请在{截止时间}前登录 {链接} 查看并确认。"),
        MessageKind.DeadlineReminder => ("学籍信息核对即将截止", "{姓名}同学：学籍信息核对将于{截止时间}截止，你尚未完成，请尽快登录 {链接} 查看并确认。"),
        MessageKind.ReportReturned => ("更正申请需要补充说明", "{姓名}同学：你的学籍信息更正申请被退回补充说明：{原因}。请登录 {链接} 查看。"),
        MessageKind.ReportCorrected => ("学籍信息已更正", "{姓名}同学：你的更正申请已处理，学籍信息已更正。请登录 {链接} 查看。"),
        MessageKind.ReportRejected => ("更正申请未通过", "{姓名}同学：你的更正申请未通过，原因：{原因}。请登录 {链接} 查看。"),
        MessageKind.DeadlineExtended => ("核对截止时间已延长", "{姓名}同学：你的学籍信息核对截止时间已延长至{截止时间}。请登录 {链接} 完成核对。"),
        MessageKind.PasswordReset => ("密码已重置", "{姓名}同学：你在学籍核对系统的密码已重置，一次性临时密码：{验证码}，{截止时间}前有效。请登录 {链接} 后立即设置新密码。如非本人操作，请联系辅导员。"),
        MessageKind.XuexinReminder => ("学信网学籍核对即将截止", "{姓名}同学：学信网（学籍学历信息）核对将于{截止时间}截止，你尚未记录核对结果，请尽快登录学信网核对后在 {链接} 记录。"),
        MessageKind.SummaryReminder => ("学院汇总即将截止", "{姓名}老师：学籍信息更正的学院汇总将于{截止时间}截止，本学院有 {数量} 条辅导员已核实的报告尚未报送学籍管理科。请登录 {链接} 组批并报送。"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Renders a kind in a language; <paramref name="template"/> is the campaign's text when the registrar wrote one.</summary>
    public MessageText Render(MessageKind kind, string? language, IReadOnlyDictionary<string, string> values, (string Subject, string Body)? template = null)
    {
        var culture = CultureInfo.GetCultureInfo(LanguageOf(language));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            var (subject, body) = template ?? Default(kind);
            if (template is null)
            {
                subject = _l[subject];
                body = _l[body];
            }

            return new MessageText(Guard(Fill(subject, values)), Guard(Fill(body, values)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public static string LanguageOf(string? language) =>
        language is not null && LocalizationSetup.Cultures.Contains(language) ? language : LocalizationSetup.DefaultCulture;

    private static string Fill(string text, IReadOnlyDictionary<string, string> values)
    {
        foreach (var placeholder in Placeholders)
        {
            text = text.Replace(placeholder, values.TryGetValue(placeholder, out var v) ? v : "", StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>
    /// No full ID number ever leaves in a message, whatever a reason or a template says: an 18-character resident
    /// card number (or a 15-digit old one) keeps only its last four characters.
    /// </summary>
    internal static string Guard(string text) => IdLike().Replace(text, m => new string('*', m.Length - 4) + m.Value[^4..]);

    [GeneratedRegex(@"(?<![0-9])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")]
    private static partial Regex IdLike();
}
