namespace RegistryCheck.Web.Infrastructure.Dbf;

/// <summary>
/// One column of a dBase table as its 32-byte descriptor states it. <see cref="Offset"/> is the position of the
/// field inside a record, counting the deletion-flag byte (so the first field is at 1).
/// </summary>
public sealed record DbfFieldDescriptor(string Name, char Type, int Length, int DecimalCount, int Offset)
{
    /// <summary>Types read as text: Character, Numeric, Float, Date, Logical, and the Visual FoxPro Integer.</summary>
    public bool IsReadable => Type is 'C' or 'N' or 'F' or 'D' or 'L' or 'I';
}
