using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>Generated malformed files for fuzzing uploads: deterministic (fixed seed), a few hundred of them.</summary>
public static class MalformedFiles
{
    public static IEnumerable<(string Name, byte[] Bytes)> Generate(int count, int seed = 2026)
    {
        var random = new Random(seed);
        var png = DemoPhotoGenerator.Create(1);
        var pdf = "%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        for (var i = 0; i < count; i++)
        {
            yield return (i % 8) switch
            {
                // Truncated valid PNG.
                0 => ($"trunc{i}.png", png[..random.Next(0, png.Length - 1)]),
                // Random bytes with an image name.
                1 => ($"random{i}.jpg", Bytes(random, random.Next(0, 4096))),
                // Wrong magic: a PNG body behind a JPEG name and a GIF signature.
                2 => ($"gif{i}.jpg", [.. "GIF89a"u8.ToArray(), .. Bytes(random, 200)]),
                // PNG claiming huge dimensions.
                3 => ($"huge{i}.png", HugePng(random.Next(6001, 60000), random.Next(6001, 60000))),
                // Flipped bytes in a valid PNG.
                4 => ($"flip{i}.png", Flip(random, png)),
                // A PDF without its trailer.
                5 => ($"cut{i}.pdf", pdf[..random.Next(1, pdf.Length - 7)]),
                // Path traversal in the name, text content.
                6 => (i % 16 == 6 ? $"../../etc/passwd{i}.png" : $"C:\\Windows\\..\\evil{i}.png", "root:x:0:0"u8.ToArray()),
                // Empty file.
                _ => ($"empty{i}.png", []),
            };
        }
    }

    internal static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flip(Random random, byte[] source)
    {
        var copy = (byte[])source.Clone();
        for (var k = 0; k < 8; k++)
        {
            copy[random.Next(8, Math.Min(64, copy.Length))] ^= (byte)random.Next(1, 256);
        }

        return copy;
    }

    /// <summary>A PNG header with a correct IHDR CRC that claims dimensions far beyond the limits.</summary>
    internal static byte[] HugePng(int width, int height)
    {
        var bytes = DemoPhotoGenerator.Create(2);
        bytes[16] = (byte)(width >> 24);
        bytes[17] = (byte)(width >> 16);
        bytes[18] = (byte)(width >> 8);
        bytes[19] = (byte)width;
        bytes[20] = (byte)(height >> 24);
        bytes[21] = (byte)(height >> 16);
        bytes[22] = (byte)(height >> 8);
        bytes[23] = (byte)height;
        var crc = Crc32(bytes.AsSpan(12, 17));
        bytes[29] = (byte)(crc >> 24);
        bytes[30] = (byte)(crc >> 16);
        bytes[31] = (byte)(crc >> 8);
        bytes[32] = (byte)crc;
        return bytes;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
