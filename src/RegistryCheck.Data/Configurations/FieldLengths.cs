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
    /// <summary>
    /// Below RFC 5321's 254 on purpose: an address has to fit the record history's value columns
    /// (<see cref="FieldValue"/>), and no student mailbox comes close.
    /// </summary>
    public const int Email = FieldValue;
    public const int Note = 1000;
    public const int FileName = 255;
    public const int ContentType = 100;
}
