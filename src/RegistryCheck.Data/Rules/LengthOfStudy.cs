using System.Globalization;

namespace RegistryCheck.Data.Rules;

/// <summary>
/// 学制 in tenths of a year (ADR-010): CHSI writes 1.5, 2.5 …; an integer sorts and compares the same on SQLite,
/// SQL Server and PostgreSQL, where SQLite would keep a decimal as text.
/// </summary>
public static class LengthOfStudy
{
    public const int MinTenths = 10;
    public const int MaxTenths = 80;
    public const int StepTenths = 5;

    public static string Format(int tenths) => tenths % 10 == 0
        ? (tenths / 10).ToString(CultureInfo.InvariantCulture)
        : (tenths / 10m).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>"4", "4.0", "4年", "2.5" → tenths; 1 to 8 years in steps of half a year.</summary>
    public static int? Parse(string? text)
    {
        var t = InputNormalizer.Normalize(text).TrimEnd('年');
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var years))
        {
            return null;
        }

        var tenths = years * 10;
        return tenths == decimal.Truncate(tenths) && tenths is >= MinTenths and <= MaxTenths && tenths % StepTenths == 0 ? (int)tenths : null;
    }
}
