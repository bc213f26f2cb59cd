namespace RegistryCheck.Data.Rules;

public enum IdNumberError
{
    None = 0,
    Empty,
    WrongLength,
    InvalidCharacters,
    InvalidBirthDate,
    WrongCheckCharacter,
    /// <summary>A 居民身份证 whose first two digits are not a province-level code of GB/T 2260.</summary>
    WrongAreaCode,
    /// <summary>A 港澳台居民居住证 number must begin with 81, 82 or 83.</summary>
    NotResidencePermitNumber,
    /// <summary>A 外国人永久居留身份证 (2023) number has 18 characters and begins with 9.</summary>
    NotForeignResidentNumber,
    /// <summary>A passport or travel permit number: letters and digits only.</summary>
    NotDocumentNumber,
}
