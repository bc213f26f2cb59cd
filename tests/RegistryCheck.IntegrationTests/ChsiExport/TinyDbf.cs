using System.Buffers.Binary;
using System.Text;

namespace RegistryCheck.IntegrationTests.ChsiExport;

/// <summary>
/// A few lines that read a dBase III table back for the tests, independent of the portal's writer: the header's
/// counts, the field descriptors up to 0x0D, and each record's character fields decoded as GBK (strict: a byte
/// sequence GBK does not know throws). Stands in until feat/chsi-read's DbfReader is merged.
/// </summary>
public sealed record TinyDbf(byte LanguageDriver, IReadOnlyList<(string Name, int Length)> Fields, IReadOnlyList<IReadOnlyDictionary<string, string>> Records)
{
    public static TinyDbf Parse(byte[] bytes)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding(936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        int recordLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10));
        var fields = new List<(string, int)>();
        for (var at = 32; bytes[at] != 0x0D; at += 32)
        {
            fields.Add((Encoding.ASCII.GetString(bytes, at, 11).TrimEnd('\0'), bytes[at + 16]));
        }

        Assert.Equal(headerLength + (count * recordLength) + 1, bytes.Length);
        var records = new List<IReadOnlyDictionary<string, string>>();
        for (var r = 0; r < count; r++)
        {
            var at = headerLength + (r * recordLength) + 1;
            var record = new Dictionary<string, string>();
            foreach (var (name, length) in fields)
            {
                record[name] = gbk.GetString(bytes, at, length).TrimEnd(' ');
                at += length;
            }

            records.Add(record);
        }

        return new TinyDbf(bytes[29], fields, records);
    }
}
