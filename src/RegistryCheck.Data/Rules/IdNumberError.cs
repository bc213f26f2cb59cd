namespace RegistryCheck.Data.Rules;

public enum IdNumberError
{
    None = 0,
    Empty,
    WrongLength,
    InvalidCharacters,
    InvalidBirthDate,
    WrongCheckCharacter,
}
