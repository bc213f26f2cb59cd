using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace RegistryCheck.UnitTests.Files;

/// <summary>
/// Test images: real ones encoded by SkiaSharp (a noisy gradient, so JPEG sizes behave like a photo's), and
/// forged ones whose header claims what a test needs while the data stays tiny.
/// </summary>
internal static class TestFiles
{
    public static byte[] Jpeg(int width = 640, int height = 480, int quality = 85, int seed = 1) =>
        Encode(width, height, SKEncodedImageFormat.Jpeg, quality, seed);

    public static byte[] Png(int width, int height, int seed = 1) => Encode(width, height, SKEncodedImageFormat.Png, 100, seed);

    /// <summary>A real small JPEG whose frame header (SOF0) is rewritten to claim <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static byte[] JpegClaiming(int width, int height)
    {
        var jpeg = Jpeg(64, 48);
        var sof = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);
        return jpeg;
    }

    /// <summary>A real small PNG whose IHDR is rewritten (with a correct CRC) to claim the given size.</summary>
    public static byte[] PngClaiming(uint width, uint height, bool corruptIhdrCrc = false)
    {
        var png = Png(64, 48);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), height);
        var crc = Crc(png.AsSpan(12, 17));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), corruptIhdrCrc ? crc ^ 1 : crc);
        return png;
    }

    /// <summary>The offset just past a JPEG's first scan header: everything before it holds no pixel data.</summary>
    public static int EndOfSosHeader(byte[] jpeg)
    {
        var sos = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        return sos + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sos + 2));
    }

    public static byte[] Pdf(string version = "1.7")
    {
        var text = $"%PDF-{version}\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
        return Encoding.Latin1.GetBytes(text);
    }

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format, int quality, int seed)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [new SKColor(200, 220, 240), new SKColor(60, 40, 30)], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, paint);
        }

        // Sparse noise (one pixel in 16) gives JPEG something to encode, as a camera's grain does.
        if ((long)width * height <= 4_000_000)
        {
            var random = new Random(seed);
            for (var i = 0; i < width * height / 16; i++)
            {
                var v = (byte)random.Next(256);
                bitmap.SetPixel(random.Next(width), random.Next(height), new SKColor(v, (byte)(255 - v), v));
            }
        }

        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    // Only to forge headers in tests; the portal itself has no CRC code (SkiaSharp checks PNGs).
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
