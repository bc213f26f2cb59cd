using System.Net.Mail;

namespace RegistryCheck.Data.Rules;

/// <summary>An e-mail address as a student types it: NFKC (full-width @ from a Chinese IME), no spaces, domain lower-cased.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static string? Normalize(string? raw)
    {
        // Not InputNormalizer: it upper-cases x, which belongs to ID numbers, not to mailbox names.
        var text = string.Concat(FieldText.Clean(raw).Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)));
        var at = text.LastIndexOf('@');
        // RFC 5321's limit on a path; the column is shorter still (FieldLengths.Email), which the field's rule checks.
        if (text.Length > MaxLength || at <= 0 || at == text.Length - 1 || text.Count(c => c == '@') != 1)
        {
            return null;
        }

        var domain = text[(at + 1)..].ToLowerInvariant();
        var candidate = text[..at] + "@" + domain;
        // MailAddress accepts display names and comments; only a bare address that it reads back unchanged is kept.
        return domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal)
            && MailAddress.TryCreate(candidate, out var parsed) && parsed.Address == candidate && parsed.DisplayName.Length == 0
            ? candidate : null;
    }
}
