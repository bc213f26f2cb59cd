using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// Why a roster row is refused. A problem of one field names it — CHSI's field code where CHSI's record structure
/// has one, the portal's Chinese column name, the value as the file gave it — and the reason without the field's
/// name: "CSRQ 出生日期「2026-13-40」：不是有效的日期…". A problem of the whole row (a duplicate, a number owned by
/// another student) has no field.
/// Stored in the job's result JSON as <c>{"key","args"}</c> plus <c>code</c>, <c>label</c>, <c>value</c> when set: the
/// shape of <see cref="UserMessage"/> (and of ImportMessage before it), so previews stored earlier read back unchanged.
/// </summary>
public sealed record RowProblem(string Key, params string[] Args)
{
    /// <summary>CHSI's field code (KSH, XH, …, BZ); null for columns CHSI's table does not have.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    /// <summary>The column's Chinese name (a key into the string table); null for a problem of the whole row.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; init; }

    /// <summary>The value as the file gave it (an ID number masked); null when the cell was empty.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Value { get; init; }

    /// <summary>The longest value quoted in a message: the reader sees what was typed, not a whole pasted paragraph.</summary>
    internal const int MaxQuoted = 40;

    /// <summary>A problem of one column's value; the key says why, without naming the field (the prefix does).</summary>
    public static RowProblem Of(RosterColumn column, string? value, string key, params string[] args)
    {
        var text = FieldText.Clean(value);
        if (column == RosterColumn.IdNumber)
        {
            // The preview is a list: an ID number is masked there as on every other list (docs/security.md).
            text = IdNumber.Mask(text);
        }
        else if (text.Length > MaxQuoted)
        {
            // Never cut a surrogate pair: a rare character (𠮷) is two UTF-16 units.
            var cut = char.IsHighSurrogate(text[MaxQuoted - 1]) ? MaxQuoted - 1 : MaxQuoted;
            text = text[..cut] + "…";
        }

        return new RowProblem(key, args)
        {
            Code = RowFieldCodes.Of(column), Label = RosterColumns.HeaderOf(column), Value = text.Length == 0 ? null : text,
        };
    }

    /// <summary>
    /// A value the field's rule refused. The rules' messages name the field for a form ("“出生日期”不是有效的日期…");
    /// in a row the prefix names it already, so the known messages are given in their row form, arguments shifted.
    /// </summary>
    public static RowProblem Of(RosterColumn column, string? value, FieldCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var args = check.Args;
        return check.Message switch
        {
            FieldMessages.Required => Of(column, value, "不能为空"),
            FieldMessages.TooLong => Of(column, value, "不能超过 {0} 个字符", args.Length > 1 ? args[1] : ""),
            FieldMessages.NotInTable => Of(column, value, "不在代码表中"),
            FieldMessages.LettersAndDigits => Of(column, value, "只能包含字母和数字"),
            FieldMessages.InvalidDate => Of(column, value, "不是有效的日期（可写作 2026-09-01、20260901 或 2026/9/1）"),
            FieldMessages.DateInFuture => Of(column, value, "不能晚于今天"),
            FieldMessages.LengthOfStudy => Of(column, value, "应为 1 到 8 年，以半年为单位（如 4、2.5）"),
            FieldMessages.Phone => Of(column, value, "应为 11 位手机号，或以 + 和国家（地区）代码开头的号码"),
            FieldMessages.Email => Of(column, value, "格式不正确"),
            FieldMessages.IdNumber => Of(column, value, args.Length > 0 ? args[0] : "格式不正确"),
            FieldMessages.NameTooLong => Of(column, value, "不能超过 {0} 个字", args),
            _ => Of(column, value, check.Message!, args),
        };
    }

    /// <summary>The message in the reader's language, with the field's code, name and value in front when it has a field.</summary>
    public string Localize(IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(l);
        var reason = new UserMessage(Key, Args).Localize(l);
        if (Label is null)
        {
            return reason;
        }

        var field = Code is null ? l[Label].Value : Code + " " + l[Label].Value;
        return Value is null ? l["{0}：{1}", field, reason].Value : l["{0}「{1}」：{2}", field, Value, reason].Value;
    }
}
