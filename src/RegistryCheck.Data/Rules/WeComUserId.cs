using System.Text;

namespace RegistryCheck.Data.Rules;

/// <summary>
/// 企业微信账号 (a WeCom member's UserID), as WeCom's 创建成员 API documents it (developer.work.weixin.qq.com, document
/// path 90195): 1–64 bytes of ASCII letters, digits and "_-@.", the first a letter or digit. NFKC first, so a
/// full-width "＠" or digit typed with a Chinese IME is read as the ASCII one; the case is kept as given (WeCom itself
/// compares user ids without regard to case).
/// </summary>
public static class WeComUserId
{
    public const int MaxLength = 64;

    public static string? Normalize(string? raw)
    {
        var text = FieldText.Clean(raw).Normalize(NormalizationForm.FormKC).Trim();
        if (text.Length is 0 or > MaxLength || !char.IsAsciiLetterOrDigit(text[0]))
        {
            return null;
        }

        return text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '@') ? text : null;
    }
}
