using System.Text;

namespace RegistryCheck.UnitTests.Dbf;

/// <summary>
/// Writes dBase III tables byte by byte from the published layout, independently of the portal's reader (and of its
/// writer): a test that builds its file with the code under test proves nothing about the format.
/// </summary>
public static class DbfBytes
{
    public sealed record Field(string Name, char Type, int Length, int Decimals = 0);

    public sealed record Row(string[] Values, bool Deleted = false);

    static DbfBytes() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gbk => Encoding.GetEncoding(936);

    /// <summary>A table; <paramref name="declaredRecords"/> overrides the count the header states (a lying header).</summary>
    public static byte[] Table(Field[] fields, Row[] records, byte languageDriver = 0x4D, Encoding? encoding = null,
        int? declaredRecords = null, bool endOfFileMark = true, byte version = 0x03)
    {
        encoding ??= Gbk;
        var headerLength = 32 + (32 * fields.Length) + 1;
        var recordLength = 1 + fields.Sum(f => f.Length);
        using var ms = new MemoryStream();
        ms.WriteByte(version);
        ms.Write([126, 9, 1]); // last update 2026-09-01, years since 1900
        ms.Write(BitConverter.GetBytes((uint)(declaredRecords ?? records.Length)));
        ms.Write(BitConverter.GetBytes((ushort)headerLength));
        ms.Write(BitConverter.GetBytes((ushort)recordLength));
        ms.Write(new byte[17]); // reserved, transaction, encryption, multi-user, MDX flag
        ms.WriteByte(languageDriver);
        ms.Write(new byte[2]);
        foreach (var field in fields)
        {
            var name = new byte[11];
            encoding.GetBytes(field.Name).CopyTo(name, 0);
            ms.Write(name);
            ms.WriteByte((byte)field.Type);
            ms.Write(new byte[4]);
            ms.WriteByte((byte)(field.Length & 0xFF));
            ms.WriteByte((byte)(field.Type == 'C' ? field.Length >> 8 : field.Decimals));
            ms.Write(new byte[14]);
        }

        ms.WriteByte(0x0D);
        foreach (var record in records)
        {
            ms.WriteByte(record.Deleted ? (byte)'*' : (byte)' ');
            for (var i = 0; i < fields.Length; i++)
            {
                ms.Write(Cell(fields[i], record.Values[i], encoding));
            }
        }

        if (endOfFileMark)
        {
            ms.WriteByte(0x1A);
        }

        return ms.ToArray();
    }

    private static byte[] Cell(Field field, string value, Encoding encoding)
    {
        var bytes = encoding.GetBytes(value);
        if (bytes.Length > field.Length)
        {
            throw new ArgumentException($"{value} does not fit {field.Name}");
        }

        var cell = Enumerable.Repeat((byte)' ', field.Length).ToArray();
        // Numbers are right-aligned in dBase, everything else left-aligned.
        bytes.CopyTo(cell, field.Type is 'N' or 'F' ? field.Length - bytes.Length : 0);
        return cell;
    }
}
