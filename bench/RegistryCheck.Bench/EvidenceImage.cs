using SkiaSharp;

namespace RegistryCheck.Bench;

/// <summary>
/// A generated evidence photo for the deadline-day reports: a JPEG of about 20 KB (a phone photo of a document,
/// scaled down), drawn with SkiaSharp so the portal's content check decodes a real image. Same seed, same bytes.
/// </summary>
public static class EvidenceImage
{
    public static byte[] Jpeg(int seed = 1)
    {
        var random = new Random(seed);
        using var surface = SKSurface.Create(new SKImageInfo(640, 480));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(236, 232, 220));
        using var ink = new SKPaint { Color = new SKColor(40, 40, 60), IsAntialias = true, StrokeWidth = 2 };
        // "Lines of text": short strokes in rows, with some noise, so the JPEG has detail to encode.
        for (var y = 40; y < 440; y += 30)
        {
            for (var x = 40; x < 600;)
            {
                var w = random.Next(6, 40);
                canvas.DrawRect(x, y, w, 10, ink);
                x += w + random.Next(4, 12);
            }
        }

        using var stamp = new SKPaint { Color = new SKColor(200, 30, 30, 160), Style = SKPaintStyle.Stroke, StrokeWidth = 6, IsAntialias = true };
        canvas.DrawCircle(520, 380, 60, stamp);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 35);
        return data.ToArray();
    }
}
