using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Notifications;

namespace RegistryCheck.Web.Features.Notifications;

/// <summary>
/// What a registrar's message text may contain (ADR-027): plain text within the column lengths, only the
/// placeholders the kind fills when it is rendered, every brace part of one, and the placeholders the message is
/// useless without — the link wherever the built-in text has one, the one-time code in the password-reset text.
/// </summary>
public static class MessageTemplateRules
{
    public const int SubjectMax = MessageTemplateConfiguration.Subject;
    public const int BodyMax = MessageTemplateConfiguration.Body;

    /// <summary>Every kind's renderer fills these (the deadline is the student's, looked up for status messages too).</summary>
    private static readonly string[] Common = [MessageTexts.Name, MessageTexts.Deadline, MessageTexts.Link];

    /// <summary>The channels a kind can go by: the summary reminder goes to college administrators, who are reached by
    /// e-mail only (staff accounts carry no WeCom id and no phone); every student message may go by any channel.</summary>
    public static IReadOnlyList<MessageChannel> Delivery(MessageKind kind) =>
        kind == MessageKind.SummaryReminder ? [MessageChannel.Email] : [MessageChannel.Email, MessageChannel.WeCom, MessageChannel.Sms];

    /// <summary>The channels a kind's text can be edited for: its delivery channels but SMS (the gateway's approved templates).</summary>
    public static IReadOnlyList<MessageChannel> Channels(MessageKind kind) => Delivery(kind).Where(c => c != MessageChannel.Sms).ToList();

    /// <summary>Only the kinds that carry a reason or a code fill {原因} / {验证码}: elsewhere they would come out empty.</summary>
    public static IReadOnlyList<string> Allowed(MessageKind kind)
    {
        var body = MessageTexts.Default(kind).Body;
        return MessageTexts.Placeholders.Where(p => Common.Contains(p) || body.Contains(p, StringComparison.Ordinal)).ToList();
    }

    /// <summary>The body must keep the link where the built-in text has one (the message exists to bring the student to
    /// the portal) and the code of a password reset (the counselor's page does not show it when the message goes out).</summary>
    public static IReadOnlyList<string> Required(MessageKind kind)
    {
        var body = MessageTexts.Default(kind).Body;
        return new[] { MessageTexts.Link, MessageTexts.Code }.Where(p => body.Contains(p, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Line breaks as "\n", outer white space trimmed: what is checked is what is stored.</summary>
    public static string Clean(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    /// <summary>The problems of a text (empty = it may be saved). WeCom messages have no subject, so none is checked.</summary>
    public static List<UserMessage> Check(MessageKind kind, MessageChannel channel, string subject, string body)
    {
        var problems = new List<UserMessage>();
        if (channel == MessageChannel.Email)
        {
            CheckPart(problems, "Subject", subject, SubjectMax, kind, lineBreaks: false);
        }

        CheckPart(problems, "Body", body, BodyMax, kind, lineBreaks: true);
        if (problems.Count == 0)
        {
            problems.AddRange(Required(kind).Where(p => !body.Contains(p, StringComparison.Ordinal))
                .Select(p => UserMessage.For("Body", "正文必须包含占位符 {0}", p)));
        }

        return problems;
    }

    private static void CheckPart(List<UserMessage> problems, string field, string text, int max, MessageKind kind, bool lineBreaks)
    {
        if (text.Length == 0)
        {
            problems.Add(UserMessage.For(field, field == "Subject" ? "请输入邮件标题" : "请输入正文"));
            return;
        }

        if (text.Length > max)
        {
            problems.Add(UserMessage.For(field, "最多 {0} 个字符（现在 {1} 个）", max.ToString(System.Globalization.CultureInfo.InvariantCulture),
                text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Plain text: WeCom renders <a href> in text messages, so markup is refused, not escaped.
        if (text.Contains('<', StringComparison.Ordinal) || text.Contains('>', StringComparison.Ordinal))
        {
            problems.Add(UserMessage.For(field, "不能包含 < 或 >：消息是纯文本，不支持 HTML"));
        }

        if (text.Any(c => char.IsControl(c) && !(lineBreaks && c == '\n')))
        {
            problems.Add(UserMessage.For(field, lineBreaks ? "不能包含换行以外的控制字符" : "邮件标题不能换行"));
        }

        problems.AddRange(CheckBraces(text, kind).Select(p => p with { Field = field }));
    }

    /// <summary>Every "{" opens one known placeholder of the kind and every "}" closes one; the first problem of each
    /// kind of mistake is named, with the placeholder as it was typed.</summary>
    public static List<UserMessage> CheckBraces(string text, MessageKind kind)
    {
        var problems = new List<UserMessage>();
        var allowed = Allowed(kind);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '}')
            {
                problems.Add(new UserMessage("多余的右花括号（第 {0} 个字符）：花括号只能用于占位符", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                i++;
                continue;
            }

            if (c != '{')
            {
                i++;
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            var reopen = text.IndexOf('{', i + 1);
            if (close < 0 || (reopen >= 0 && reopen < close))
            {
                var end = reopen >= 0 ? reopen : Math.Min(text.Length, i + 10);
                problems.Add(new UserMessage("“{0}”缺少右花括号：花括号只能用于占位符", text[i..end]));
                i = reopen >= 0 ? reopen : text.Length;
                continue;
            }

            var token = text[i..(close + 1)];
            if (!MessageTexts.Placeholders.Contains(token))
            {
                problems.Add(new UserMessage("未知的占位符 {0}，可用的占位符：{1}", token, string.Join(" ", allowed)));
            }
            else if (!allowed.Contains(token))
            {
                problems.Add(new UserMessage("占位符 {0} 不能用于这类消息，可用的占位符：{1}", token, string.Join(" ", allowed)));
            }

            i = close + 1;
        }

        return problems;
    }
}
