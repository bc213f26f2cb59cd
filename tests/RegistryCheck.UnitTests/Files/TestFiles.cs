using System.Buffers.Binary;
using System.Text;
using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.UnitTests.Files;

/// <summary>Hand-built files, so each test states exactly which bytes it relies on.</summary>
internal static class TestFiles
{
    public static byte[] Jpeg(int width = 640, int height = 480, bool withEoi = true)
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };

        // APP0 / JFIF 1.1, 1:1 aspect, no thumbnail.
        bytes.AddRange([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);

        // SOF0: 8-bit precision, three components.
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x11, 0x08]);
        bytes.AddRange(BigEndian16(height));
        bytes.AddRange(BigEndian16(width));
        bytes.AddRange([0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);

        bytes.AddRange(SosSegment);
        bytes.AddRange([0x12, 0x34, 0xFF, 0x00, 0x56, 0x78, 0x9A]);
        if (withEoi)
        {
            bytes.AddRange([0xFF, 0xD9]);
        }

        return [.. bytes];
    }

    /// <summary>SOS for three components, full spectral range.</summary>
    public static byte[] SosSegment => [0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00];

    public static int EndOfSosHeader(byte[] jpeg) => jpeg.AsSpan().IndexOf(SosSegment) + SosSegment.Length;

    public static byte[] Png(long width, long height, bool withIdat = true, bool corruptIhdrCrc = false)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        WriteChunk(png, "IHDR", ihdr, corruptIhdrCrc);

        // The inspector never inflates IDAT, so any payload will do.
        if (withIdat)
        {
            WriteChunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    public static byte[] Pdf(string version = "1.7")
    {
        var text = $"%PDF-{version}\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
        return Encoding.Latin1.GetBytes(text);
    }

    private static void WriteChunk(Stream output, string type, byte[] data, bool corruptCrc = false)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var word = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc32.Append(Crc32.Compute(typeBytes), data);
        BinaryPrimitives.WriteUInt32BigEndian(word, corruptCrc ? crc ^ 1 : crc);
        output.Write(word);
    }

    private static byte[] BigEndian16(int value) => [(byte)(value >> 8), (byte)value];
}
