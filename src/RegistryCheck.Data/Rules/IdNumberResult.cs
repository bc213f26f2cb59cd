using System.Diagnostics.CodeAnalysis;

namespace RegistryCheck.Data.Rules;

/// <summary>Outcome of <see cref="IdNumber.Parse(string?)"/>.</summary>
/// <remarks>
/// A class with factories rather than a struct, so that no default instance can claim
/// <see cref="IdNumberError.None"/> without a value. <see cref="BirthDate"/> and <see cref="Gender"/>
/// only mean something when <see cref="IsValid"/>; otherwise they are default / Unknown.
/// </remarks>
public sealed record IdNumberResult
{
    private IdNumberResult(string? value, IdNumberError error, bool wasConverted, DateOnly birthDate, Gender gender)
    {
        Value = value;
        Error = error;
        WasConverted = wasConverted;
        BirthDate = birthDate;
        Gender = gender;
    }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsValid => Error == IdNumberError.None && Value is not null;

    /// <summary>The 18-character form to store; null unless valid.</summary>
    public string? Value { get; }

    public IdNumberError Error { get; }

    /// <summary>True when a legacy 15-digit number was typed and converted.</summary>
    public bool WasConverted { get; }

    public DateOnly BirthDate { get; }

    public Gender Gender { get; }

    internal static IdNumberResult Valid(string value, bool wasConverted, DateOnly birthDate, Gender gender) =>
        new(value, IdNumberError.None, wasConverted, birthDate, gender);

    internal static IdNumberResult Invalid(IdNumberError error) =>
        new(null, error, false, default, Gender.Unknown);
}
