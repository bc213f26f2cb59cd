namespace RegistryCheck.Web.Infrastructure.Dbf;

/// <summary>
/// The published dBase layout that <see cref="DbfReader"/> and <see cref="DbfWriter"/> both follow: a 32-byte table
/// header, 32-byte field descriptors ended by 0x0D, the fixed-length records, then an end-of-file byte 0x1A.
/// </summary>
internal static class DbfLayout
{
    public const int TableHeaderLength = 32;
    public const int DescriptorLength = 32;
    public const byte HeaderTerminator = 0x0D;
    public const byte EndOfFile = 0x1A;
}
