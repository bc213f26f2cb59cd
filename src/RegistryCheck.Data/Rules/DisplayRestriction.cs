namespace RegistryCheck.Data.Rules;

/// <summary>
/// What staff who chase students (counselors, college administrators) see of the ID number and the birth date
/// (ADR-018; GB/T 35273's display restriction: show what the task needs). The initial password is the ID number's
/// last six characters, and those are the birth date's day plus the last four: so the ID number keeps only its area
/// code and the birth date only its year and month. Neither form, nor both together, narrows the initial password.
/// The registrar, the student and the registrar's batch export keep the full values.
/// </summary>
public static class DisplayRestriction
{
    /// <summary>An 18-character number: the six-digit area code, the rest hidden. Anything else: nothing but its length.</summary>
    public static string IdNumber(string? idNumber)
    {
        if (string.IsNullOrEmpty(idNumber))
        {
            return "";
        }

        // Other document numbers (passports, permits) have no fixed place for anything: all of it is hidden.
        return idNumber.Length == 18
            ? string.Concat(idNumber.AsSpan(0, 6), new string('*', 12))
            : new string('*', idNumber.Length);
    }

    /// <summary>"2008-03-15" becomes "2008-03-**"; a value in another form is hidden whole.</summary>
    public static string BirthDate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.Length == 10 && value[4] == '-' && value[7] == '-' ? string.Concat(value.AsSpan(0, 8), "**") : "****-**-**";
    }
}
