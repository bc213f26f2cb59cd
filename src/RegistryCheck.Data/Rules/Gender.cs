namespace RegistryCheck.Data.Rules;

// Explicit values: the data model stores this as an integer, so the numbers must never shift.
public enum Gender
{
    Unknown = 0,
    Male = 1,
    Female = 2,
}
