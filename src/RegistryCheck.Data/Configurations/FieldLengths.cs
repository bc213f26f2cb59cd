namespace RegistryCheck.Data.Configurations;

/// <summary>Column lengths in UTF-16 code units. Names hold 50 characters even when all are surrogate pairs.</summary>
public static class FieldLengths
{
    public const int PersonName = 100;
    public const int OrgName = 100;
    public const int Code = 32;
    public const int Number = 32;
    public const int ShortText = 32;
    public const int FieldValue = 200;
    /// <summary>RFC 5321's limit for an address in a mail path.</summary>
    public const int Email = 254;
    public const int Note = 1000;
    public const int FileName = 255;
    public const int ContentType = 100;
}
