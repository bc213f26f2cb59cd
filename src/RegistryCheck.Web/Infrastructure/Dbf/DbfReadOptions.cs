using System.Text;

namespace RegistryCheck.Web.Infrastructure.Dbf;

public sealed class DbfReadOptions
{
    /// <summary>Records (deleted ones included) a table may declare or hold; more is refused before any is read.</summary>
    public int MaxRecords { get; init; } = 200_000;

    /// <summary>
    /// The text encoding when the language-driver byte names none (0) or one the reader does not know. CHSI's tables
    /// and the dBase tools of Chinese schools write GBK; GB18030 decodes every GBK byte sequence the same way and also
    /// the four-byte sequences of rare characters, so it is the default.
    /// </summary>
    public Encoding? DefaultEncoding { get; init; }

    public static DbfReadOptions Default { get; } = new();
}
