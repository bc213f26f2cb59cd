using System.ComponentModel.DataAnnotations;

namespace RegistryCheck.Web.Features.Staff;

/// <summary>
/// A staff address passes the same rule as a student's or the roster's (<see cref="Data.Rules.EmailAddress"/>): one bare
/// mailbox with a dotted domain. [EmailAddress] alone takes "wang@localhost" and "a@b", which no reminder reaches.
/// A space inside is refused rather than dropped as on a student's phone: an administrator's typo is shown, not guessed.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DeliverableEmailAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is not string text || string.IsNullOrWhiteSpace(text)
        || (!text.Trim().Any(char.IsWhiteSpace) && Data.Rules.EmailAddress.Normalize(text) is not null);
}
