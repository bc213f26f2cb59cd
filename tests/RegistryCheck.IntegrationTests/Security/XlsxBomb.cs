using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>
/// A real-looking .xlsx whose shared-strings part inflates to gigabytes: strings of a million 'A's, deflated at
/// about 1,000 : 1. Built without ever holding or deflating the inflated text: one deflated megabyte, ended with a
/// sync flush (byte-aligned, no final bit), is repeated, since each copy only refers back within itself.
/// The zip headers state the true sizes; the CRC is left 0 (a reader that checks it has read gigabytes by then).
/// </summary>
public static class XlsxBomb
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static byte[] Build(int inflatedMiB, int paddingBytes = 0)
    {
        var chunk = "</t></si><si><t>" + new string('A', (1024 * 1024) - 16);
        var head = Deflate($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sst xmlns=\"{Main}\"><si><t>", final: false);
        var body = Deflate(chunk, final: false);
        var tail = Deflate("</t></si></sst>", final: true);
        var inflated = (long)Encoding.UTF8.GetByteCount($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sst xmlns=\"{Main}\"><si><t>")
            + ((long)inflatedMiB * chunk.Length) + "</t></si></sst>".Length;
        var strings = new byte[head.Length + ((long)body.Length * inflatedMiB) + tail.Length];
        head.CopyTo(strings, 0);
        for (var i = 0; i < inflatedMiB; i++)
        {
            body.CopyTo(strings, head.Length + ((long)i * body.Length));
        }

        tail.CopyTo(strings, strings.Length - tail.Length);

        var zip = new ZipWriter();
        zip.Stored("[Content_Types].xml", $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/octet-stream"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
        zip.Stored("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        zip.Stored("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        zip.Stored("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
        zip.Stored("xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>姓名</t></is></c><c r="C1" t="inlineStr"><is><t>证件号码</t></is></c></row></sheetData></worksheet>""");
        zip.Deflated("xl/sharedStrings.xml", strings, (uint)inflated);
        if (paddingBytes > 0)
        {
            var pad = new byte[paddingBytes];
            new Random(16).NextBytes(pad);
            zip.Stored("xl/media/padding.bin", pad);
        }

        return zip.Finish();
    }

    private static byte[] Deflate(string text, bool final)
    {
        var output = new MemoryStream();
        var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        deflate.Write(Encoding.UTF8.GetBytes(text));
        if (final)
        {
            deflate.Dispose();
        }
        else
        {
            // A sync flush: the blocks so far, then an empty stored block, byte-aligned and not final.
            deflate.Flush();
        }

        return output.ToArray();
    }

    /// <summary>Local headers, central directory and end record of a plain (non-Zip64) zip.</summary>
    private sealed class ZipWriter
    {
        private readonly MemoryStream _out = new();
        private readonly MemoryStream _directory = new();
        private int _count;

        public void Stored(string name, string text) => Stored(name, Encoding.UTF8.GetBytes(text));

        public void Stored(string name, byte[] data) => Add(name, 0, data, (uint)data.Length, Crc(data));

        public void Deflated(string name, byte[] compressed, uint inflatedLength) => Add(name, 8, compressed, inflatedLength, 0);

        private void Add(string name, ushort method, byte[] data, uint inflatedLength, uint crc)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var offset = (uint)_out.Length;
            var local = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(6), 0x0800);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(8), method);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(12), 0x5A21);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(14), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(18), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(22), inflatedLength);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(26), (ushort)nameBytes.Length);
            _out.Write(local);
            _out.Write(nameBytes);
            _out.Write(data);

            var central = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(central, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(6), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(8), 0x0800);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(10), method);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(14), 0x5A21);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(16), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(20), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(24), inflatedLength);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(28), (ushort)nameBytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(42), offset);
            _directory.Write(central);
            _directory.Write(nameBytes);
            _count++;
        }

        public byte[] Finish()
        {
            var directoryOffset = (uint)_out.Length;
            _directory.Position = 0;
            _directory.CopyTo(_out);
            var end = new byte[22];
            BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
            BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)_count);
            BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)_count);
            BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)_directory.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), directoryOffset);
            _out.Write(end);
            return _out.ToArray();
        }

        private static uint Crc(byte[] data)
        {
            var c = 0xFFFFFFFFu;
            foreach (var b in data)
            {
                c ^= b;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }
            }

            return ~c;
        }
    }
}
