using System.Globalization;

namespace RegistryCheck.Data.Rules;

/// <summary>Resident identity numbers per GB 11643-1999.</summary>
public static class IdNumber
{
    private const string CheckCharacters = "10X98765432";

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    // The standard's own worked example (440524188001010014) is born in 1880, so the floor has to
    // sit below it; the rule checks that a number is well formed, not that a student is plausible.
    public static readonly DateOnly MinBirthDate = new(1800, 1, 1);

    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Exactly 17 digits are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(first17[i]))
            {
                throw new ArgumentException("Only ASCII digits are allowed.", nameof(first17));
            }

            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    public static IdNumberResult Parse(string? raw) => Parse(raw, DateOnly.FromDateTime(DateTime.UtcNow));

    /// <param name="today">The latest acceptable birth date; injectable so tests do not depend on the clock.</param>
    public static IdNumberResult Parse(string? raw, DateOnly today)
    {
        var text = InputNormalizer.Normalize(raw);
        if (text.Length == 0)
        {
            return IdNumberResult.Invalid(IdNumberError.Empty);
        }

        // Characters before length: someone who typed a name into the field is better told "digits only"
        // than "wrong length".
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c != 'X')
            {
                return IdNumberResult.Invalid(IdNumberError.InvalidCharacters);
            }
        }

        return text.Length switch
        {
            18 => ParseEighteen(text, today),
            15 => ParseFifteen(text, today),
            _ => IdNumberResult.Invalid(IdNumberError.WrongLength),
        };
    }

    /// <summary>True for the ID types whose number carries the birth date, the gender and the check character.</summary>
    public static bool HasCheckCharacter(string? idType) =>
        idType is null or IdTypes.ResidentCard or IdTypes.ResidencePermit or IdTypes.ForeignPermanentResident;

    /// <summary>
    /// A number checked by its ID type: for 居民身份证 the first two digits must be a province-level code (GB/T 2260),
    /// 81–83 belong to the 港澳台居民居住证, and the 2023 外国人永久居留身份证 begins with 9; all three share the check
    /// character. No district table: districts are renamed and old numbers stay valid. Other documents (passports,
    /// travel permits) are letters and digits, their birth date and gender come from the roster's own columns.
    /// </summary>
    public static IdNumberResult ParseFor(string? idType, string? raw, DateOnly today)
    {
        if (!HasCheckCharacter(idType))
        {
            var text = InputNormalizer.Normalize(raw).ToUpperInvariant();
            return text.Length == 0 ? IdNumberResult.Invalid(IdNumberError.Empty)
                : text.All(char.IsAsciiLetterOrDigit) ? IdNumberResult.Valid(text, false, default, Gender.Unknown)
                : IdNumberResult.Invalid(IdNumberError.NotDocumentNumber);
        }

        var parsed = Parse(raw, today);
        if (!parsed.IsValid)
        {
            return parsed;
        }

        var area = int.Parse(parsed.Value.AsSpan(0, 2), CultureInfo.InvariantCulture);
        return idType switch
        {
            IdTypes.ResidencePermit when area is not (81 or 82 or 83) => IdNumberResult.Invalid(IdNumberError.NotResidencePermitNumber),
            IdTypes.ForeignPermanentResident when parsed.WasConverted || parsed.Value[0] != '9' => IdNumberResult.Invalid(IdNumberError.NotForeignResidentNumber),
            null or IdTypes.ResidentCard when !IsProvince(area) => IdNumberResult.Invalid(IdNumberError.WrongAreaCode),
            _ => parsed,
        };
    }

    /// <summary>Province-level codes of GB/T 2260 that a 居民身份证 begins with.</summary>
    public static bool IsProvince(int code) => code is (>= 11 and <= 15) or (>= 21 and <= 23) or (>= 31 and <= 37)
        or (>= 41 and <= 46) or (>= 50 and <= 54) or (>= 61 and <= 65);

    /// <summary>Form for lists: the area code and the last four stay, the birth date never shows.</summary>
    public static string Mask(string? idNumber)
    {
        if (string.IsNullOrEmpty(idNumber))
        {
            return "";
        }

        if (idNumber.Length == 18)
        {
            return string.Concat(idNumber.AsSpan(0, 6), new string('*', 8), idNumber.AsSpan(14, 4));
        }

        // A value that is not a proper number gives no guarantee where its birth date sits,
        // so only the tail is shown, and nothing at all when the tail would be the whole value.
        if (idNumber.Length <= 4)
        {
            return new string('*', idNumber.Length);
        }

        var keepFrom = idNumber.Length - 4;
        if (char.IsLowSurrogate(idNumber[keepFrom]))
        {
            // Cutting a surrogate pair would leave half a character; show one less instead.
            keepFrom++;
        }

        return string.Concat(new string('*', keepFrom), idNumber.AsSpan(keepFrom));
    }

    /// <summary>The last six characters, X upper-case: the initial password.</summary>
    public static string LastSix(string idNumber)
    {
        ArgumentNullException.ThrowIfNull(idNumber);
        var normalized = InputNormalizer.Normalize(idNumber);
        if (normalized.Length < 6)
        {
            throw new ArgumentException("An ID number has at least six characters.", nameof(idNumber));
        }

        return normalized[^6..];
    }

    private static IdNumberResult ParseEighteen(string text, DateOnly today)
    {
        if (text.AsSpan(0, 17).Contains('X'))
        {
            return IdNumberResult.Invalid(IdNumberError.InvalidCharacters);
        }

        if (!TryReadBirthDate(text, today, out var birthDate))
        {
            return IdNumberResult.Invalid(IdNumberError.InvalidBirthDate);
        }

        if (ComputeCheckCharacter(text.AsSpan(0, 17)) != text[17])
        {
            return IdNumberResult.Invalid(IdNumberError.WrongCheckCharacter);
        }

        return IdNumberResult.Valid(text, wasConverted: false, birthDate, GenderOf(text));
    }

    private static IdNumberResult ParseFifteen(string text, DateOnly today)
    {
        // Legacy numbers have no check character, so an X anywhere is wrong.
        if (text.Contains('X'))
        {
            return IdNumberResult.Invalid(IdNumberError.InvalidCharacters);
        }

        // 15-digit numbers were issued only to people born in the 1900s, hence the fixed century.
        var first17 = string.Concat(text.AsSpan(0, 6), "19", text.AsSpan(6));
        if (!TryReadBirthDate(first17, today, out var birthDate))
        {
            return IdNumberResult.Invalid(IdNumberError.InvalidBirthDate);
        }

        var converted = first17 + ComputeCheckCharacter(first17);
        return IdNumberResult.Valid(converted, wasConverted: true, birthDate, GenderOf(converted));
    }

    private static bool TryReadBirthDate(string number, DateOnly today, out DateOnly birthDate) =>
        DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate)
        && birthDate >= MinBirthDate
        && birthDate <= today;

    private static Gender GenderOf(string eighteen) =>
        (eighteen[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;
}
