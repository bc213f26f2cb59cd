using System.ComponentModel.DataAnnotations;

namespace RegistryCheck.Web.Features.Staff;

/// <summary>
/// A staff address passes the same rule as a student's or the roster's (<see cref="Data.Rules.EmailAddress"/>): one bare
/// mailbox with a dotted domain. [EmailAddress] alone takes "wang@localhost" and "a@b", which no reminder reaches.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DeliverableEmailAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is not string text || string.IsNullOrWhiteSpace(text) || Data.Rules.EmailAddress.Normalize(text) is not null;
}
