using SkiaSharp;

namespace RegistryCheck.Web.Infrastructure.Files;

/// <summary>
/// Draws placeholder admission photos for the demo roster with SkiaSharp: a faceless head-and-shoulders silhouette
/// on an ID-photo background, so the review pages look realistic without shipping anyone's real face. The picture
/// is laid out on a 300 × 400 grid and drawn scaled to CHSI's 480 × 640. The same seed always yields the same bytes.
/// </summary>
public static class DemoPhotoGenerator
{
    public const int Width = 480;
    public const int Height = 640;

    // The layout's own grid: the figures below are in these units.
    private const float GridWidth = 300;
    private const float GridHeight = 400;

    private static readonly SKColor[] SkinTones =
    [
        new(241, 206, 180), new(234, 192, 162), new(226, 180, 148),
        new(214, 164, 128), new(246, 216, 194), new(200, 148, 112),
    ];

    private static readonly SKColor[] HairColours =
    [
        new(24, 20, 20), new(38, 30, 26), new(58, 42, 32), new(20, 20, 28),
    ];

    private static readonly SKColor[] JacketColours =
    [
        new(30, 42, 72), new(28, 28, 34), new(62, 64, 72), new(32, 62, 54), new(92, 32, 42), new(44, 70, 110),
    ];

    private static readonly SKColor[] ShirtColours =
    [
        new(250, 250, 250), new(226, 236, 248), new(244, 242, 232),
    ];

    // 5×7 glyphs, rows top to bottom, for stamping pinyin initials.
    private static readonly string[] Glyphs =
    [
        "01110 10001 10001 11111 10001 10001 10001", // A
        "11110 10001 10001 11110 10001 10001 11110", // B
        "01110 10001 10000 10000 10000 10001 01110", // C
        "11110 10001 10001 10001 10001 10001 11110", // D
        "11111 10000 10000 11110 10000 10000 11111", // E
        "11111 10000 10000 11110 10000 10000 10000", // F
        "01110 10001 10000 10111 10001 10001 01111", // G
        "10001 10001 10001 11111 10001 10001 10001", // H
        "01110 00100 00100 00100 00100 00100 01110", // I
        "00111 00010 00010 00010 00010 10010 01100", // J
        "10001 10010 10100 11000 10100 10010 10001", // K
        "10000 10000 10000 10000 10000 10000 11111", // L
        "10001 11011 10101 10101 10001 10001 10001", // M
        "10001 10001 11001 10101 10011 10001 10001", // N
        "01110 10001 10001 10001 10001 10001 01110", // O
        "11110 10001 10001 11110 10000 10000 10000", // P
        "01110 10001 10001 10001 10101 10010 01101", // Q
        "11110 10001 10001 11110 10100 10010 10001", // R
        "01111 10000 10000 01110 00001 00001 11110", // S
        "11111 00100 00100 00100 00100 00100 00100", // T
        "10001 10001 10001 10001 10001 10001 01110", // U
        "10001 10001 10001 10001 10001 01010 00100", // V
        "10001 10001 10001 10101 10101 10101 01010", // W
        "10001 10001 01010 00100 01010 10001 10001", // X
        "10001 10001 01010 00100 00100 00100 00100", // Y
        "11111 00001 00010 00100 01000 10000 11111", // Z
    ];

    /// <summary>A PNG photo (lossless, so tests can compare bytes and crafted copies stay decodable).</summary>
    /// <param name="initials">
    /// Up to three Latin letters (e.g. pinyin initials) stamped on the chest so demo photos are told apart
    /// at a glance and can never pass for a real photo; other characters are ignored.
    /// </param>
    public static byte[] Create(int seed, string? initials = null) => Encode(seed, initials, SKEncodedImageFormat.Png, 100);

    /// <summary>A JPEG photo as CHSI wants it (480 × 640), as the demo seeds store.</summary>
    public static byte[] CreateJpeg(int seed, string? initials = null, int quality = 90) =>
        Encode(seed, initials, SKEncodedImageFormat.Jpeg, quality);

    private static byte[] Encode(int seed, string? initials, SKEncodedImageFormat format, int quality)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Scale(Width / GridWidth, Height / GridHeight);
            var portrait = Portrait.FromSeed(seed);
            portrait.Draw(canvas);
            StampInitials(canvas, initials, portrait.Jacket);
        }

        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    private static void StampInitials(SKCanvas canvas, string? initials, SKColor jacket)
    {
        if (string.IsNullOrWhiteSpace(initials))
        {
            return;
        }

        var letters = initials.ToUpperInvariant().Where(ch => ch is >= 'A' and <= 'Z').Take(3).ToArray();
        if (letters.Length == 0)
        {
            return;
        }

        const int scale = 3;
        const int advance = (5 + 1) * scale;
        using var ink = new SKPaint { Color = Luminance(jacket) > 140 ? new SKColor(40, 40, 40) : new SKColor(232, 232, 232) };

        // Lower right of the chest (the subject's left), clear of the collar.
        var left = 222 - ((letters.Length * advance) / 2);
        const int top = 352;
        for (var n = 0; n < letters.Length; n++)
        {
            var rows = Glyphs[letters[n] - 'A'].Split(' ');
            for (var row = 0; row < rows.Length; row++)
            {
                for (var col = 0; col < 5; col++)
                {
                    if (rows[row][col] == '1')
                    {
                        canvas.DrawRect(left + (n * advance) + (col * scale), top + (row * scale), scale, scale, ink);
                    }
                }
            }
        }
    }

    private static SKPath Oval(SKRect bounds)
    {
        using var builder = new SKPathBuilder();
        builder.AddOval(bounds, SKPathDirection.Clockwise);
        return builder.Detach();
    }

    private static SKPath Polygon(Action<SKPathBuilder> outline)
    {
        using var builder = new SKPathBuilder();
        outline(builder);
        builder.Close();
        return builder.Detach();
    }

    private static double Luminance(SKColor c) => (0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue);

    private static SKColor Scale(SKColor c, double f) => new(ToByte(c.Red * f), ToByte(c.Green * f), ToByte(c.Blue * f));

    private static byte ToByte(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);

    private sealed class Portrait
    {
        private const float CenterX = GridWidth / 2;

        private SKColor background;
        private float backgroundFade;
        private SKColor skin;
        private SKColor hair;
        private SKColor shirt;
        private float headCy;
        private float headRx;
        private float headRy;
        private float hairRx;
        private float hairRy;
        private float hairCy;
        private float hairline;
        private bool longHair;
        private float neckHalf;
        private float shoulderTop;
        private float shoulderRx;

        public SKColor Jacket { get; private set; }

        public static Portrait FromSeed(int seed)
        {
            var rng = new SplitMix((ulong)(uint)seed);
            var p = new Portrait();
            p.background = rng.Next(2) == 0
                ? new SKColor((byte)(150 + rng.Next(25)), (byte)(200 + rng.Next(20)), (byte)(238 + rng.Next(12)))
                : new SKColor(250, 250, 250);
            p.backgroundFade = p.background.Red == 250 ? 0.03f : 0.10f;
            p.skin = SkinTones[rng.Next(SkinTones.Length)];
            p.hair = HairColours[rng.Next(HairColours.Length)];
            p.Jacket = JacketColours[rng.Next(JacketColours.Length)];
            p.shirt = ShirtColours[rng.Next(ShirtColours.Length)];
            p.headCy = 158 + rng.Next(12);
            p.headRx = 52 + rng.Next(9);
            p.headRy = p.headRx * (1.28f + (rng.Next(10) / 100f));
            p.longHair = rng.Next(3) == 0;
            p.hairRx = p.headRx + (p.longHair ? 14 : 7) + rng.Next(5);
            p.hairRy = p.longHair ? p.headRy + 40 : p.headRy + 4 + rng.Next(4);
            p.hairCy = p.longHair ? p.headCy + 28 : p.headCy - 6;
            p.hairline = p.headCy - (p.headRy * (0.30f + (rng.Next(15) / 100f)));
            p.neckHalf = p.headRx * 0.48f;
            p.shoulderTop = p.headCy + p.headRy + 18 + rng.Next(10);
            p.shoulderRx = 128 + rng.Next(14);
            return p;
        }

        /// <summary>Back to front: background, hair behind the head, ears, neck, head, hair cap, torso, shirt.</summary>
        public void Draw(SKCanvas canvas)
        {
            using var paint = new SKPaint { IsAntialias = true };
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, GridHeight),
                [background, Scale(background, 1 - backgroundFade)], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, GridWidth, GridHeight, paint);
            paint.Shader = null;

            var hairOval = SKRect.Create(CenterX - hairRx, hairCy - hairRy, 2 * hairRx, 2 * hairRy);
            if (!longHair)
            {
                DrawEars(canvas, paint);
            }

            canvas.Save();
            if (!longHair)
            {
                canvas.ClipRect(new SKRect(0, 0, GridWidth, headCy + 10));
            }

            paint.Color = hair;
            canvas.DrawOval(hairOval, paint);
            canvas.Restore();
            if (longHair)
            {
                DrawEars(canvas, paint);
            }

            paint.Color = Scale(skin, 0.86);
            canvas.DrawRect(CenterX - neckHalf, headCy, 2 * neckHalf, shoulderTop + 20 - headCy, paint);
            DrawHead(canvas, paint, hairOval);
            DrawTorso(canvas, paint);
        }

        private void DrawEars(SKCanvas canvas, SKPaint paint)
        {
            paint.Color = Scale(skin, 0.92);
            foreach (var side in new[] { -1, 1 })
            {
                canvas.DrawOval(CenterX + (side * (headRx - 2)), headCy + 6, 10, 17, paint);
            }
        }

        private void DrawHead(SKCanvas canvas, SKPaint paint, SKRect hairOval)
        {
            var headOval = SKRect.Create(CenterX - headRx, headCy - headRy, 2 * headRx, 2 * headRy);

            // Darker toward the outline: a radial gradient stretched to the head's ellipse.
            paint.Shader = SKShader.CreateRadialGradient(new SKPoint(0, 0), 1, [skin, Scale(skin, 0.86)], null, SKShaderTileMode.Clamp,
                SKMatrix.CreateScale(headRx, headRy).PostConcat(SKMatrix.CreateTranslation(CenterX, headCy)));
            canvas.DrawOval(headOval, paint);
            paint.Shader = null;

            // The hair cap: inside head and hair, above a parabola y = hairline + a·dx² through the temples.
            using var headPath = Oval(headOval);
            using var hairPath = Oval(hairOval);
            var span = headRx * 1.2f;
            var drop = headRy * 0.35f * (span * span) / (headRx * headRx);
            using var cap = Polygon(b =>
            {
                b.MoveTo(CenterX - span, hairline + drop);
                b.QuadTo(CenterX, hairline - drop, CenterX + span, hairline + drop);
                b.LineTo(CenterX + span, 0);
                b.LineTo(CenterX - span, 0);
            });
            canvas.Save();
            canvas.ClipPath(headPath, SKClipOperation.Intersect, antialias: true);
            canvas.ClipPath(hairPath, SKClipOperation.Intersect, antialias: true);
            paint.Color = hair;
            canvas.DrawPath(cap, paint);
            canvas.Restore();
        }

        private void DrawTorso(SKCanvas canvas, SKPaint paint)
        {
            // Shoulders: the upper half of a squarish superellipse (exponent 3) whose top edge is the shoulder line.
            var torsoRy = (GridHeight - shoulderTop) + 70;
            var centreY = shoulderTop + torsoRy;
            var outline = new SKPoint[121];
            for (var i = 0; i < outline.Length; i++)
            {
                // |x|³ + |y|³ = 1 parametrised by cos and sin to the power 2/3.
                var t = Math.PI * i / (outline.Length - 1);
                var (c, s) = (Math.Cos(t), Math.Sin(t));
                outline[i] = new SKPoint(CenterX + (float)(shoulderRx * Math.Sign(c) * Math.Cbrt(c * c)),
                    centreY - (float)(torsoRy * Math.Cbrt(s * s)));
            }

            using var torso = Polygon(b => b.AddPoly(outline, close: false));
            var edge = Scale(Jacket, 0.75);
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(CenterX - shoulderRx, 0), new SKPoint(CenterX + shoulderRx, 0),
                [edge, Jacket, Jacket, Jacket, edge], [0f, 0.3f, 0.5f, 0.7f, 1f], SKShaderTileMode.Clamp);
            canvas.DrawPath(torso, paint);
            paint.Shader = null;

            // The shirt shows in a V under the chin, the collar's skin at its top.
            var vDepth = shoulderTop + 62;
            var vHalf = (vDepth - shoulderTop) * 0.42f;
            using var v = Polygon(b => b.AddPoly([new(CenterX - vHalf, shoulderTop), new(CenterX + vHalf, shoulderTop), new(CenterX, vDepth)], close: false));
            canvas.Save();
            canvas.ClipPath(torso, SKClipOperation.Intersect, antialias: true);
            paint.Color = shirt;
            canvas.DrawPath(v, paint);
            canvas.ClipPath(v, SKClipOperation.Intersect, antialias: true);
            paint.Color = Scale(skin, 0.86);
            canvas.DrawRect(CenterX - neckHalf - 2, shoulderTop - 1, 2 * (neckHalf + 2), 15, paint);
            canvas.Restore();
        }
    }

    /// <summary>SplitMix64: tiny, fast, and unlike System.Random its sequence is ours to keep stable.</summary>
    private struct SplitMix(ulong state)
    {
        private ulong state = state;

        public int Next(int exclusiveMax)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)exclusiveMax);
        }
    }
}
