namespace RegistryCheck.Web.Infrastructure.Files;

/// <summary>
/// Draws placeholder admission photos for the demo roster: a faceless head-and-shoulders silhouette on an
/// ID-photo background, so the review pages look realistic without shipping anyone's real face.
/// The same seed always yields the same bytes.
/// </summary>
public static class DemoPhotoGenerator
{
    public const int Width = 300;
    public const int Height = 400;

    private static readonly Rgb[] SkinTones =
    [
        new(241, 206, 180), new(234, 192, 162), new(226, 180, 148),
        new(214, 164, 128), new(246, 216, 194), new(200, 148, 112),
    ];

    private static readonly Rgb[] HairColours =
    [
        new(24, 20, 20), new(38, 30, 26), new(58, 42, 32), new(20, 20, 28),
    ];

    private static readonly Rgb[] JacketColours =
    [
        new(30, 42, 72), new(28, 28, 34), new(62, 64, 72), new(32, 62, 54), new(92, 32, 42), new(44, 70, 110),
    ];

    private static readonly Rgb[] ShirtColours =
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

    /// <param name="initials">
    /// Up to three Latin letters (e.g. pinyin initials) stamped on the chest so demo photos are told apart
    /// at a glance and can never pass for a real photo; other characters are ignored.
    /// </param>
    public static byte[] Create(int seed, string? initials = null)
    {
        var portrait = Portrait.FromSeed(seed);
        var centres = new Shade[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                centres[(y * Width) + x] = portrait.Sample(x + 0.5, y + 0.5);
            }
        }

        // Only pixels on a shape boundary get 2×2 supersampling: it takes the staircase off the curves
        // at a fraction of the cost of supersampling everything.
        ReadOnlySpan<double> offsets = [0.25, 0.75];
        var rgb = new byte[Width * Height * 3];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var i = (y * Width) + x;
                var layer = centres[i].Layer;
                var onEdge = (x > 0 && centres[i - 1].Layer != layer)
                    || (x < Width - 1 && centres[i + 1].Layer != layer)
                    || (y > 0 && centres[i - Width].Layer != layer)
                    || (y < Height - 1 && centres[i + Width].Layer != layer);

                Rgb colour;
                if (onEdge)
                {
                    int r = 0, g = 0, b = 0;
                    foreach (var dy in offsets)
                    {
                        foreach (var dx in offsets)
                        {
                            var c = portrait.Sample(x + dx, y + dy).Colour;
                            r += c.R;
                            g += c.G;
                            b += c.B;
                        }
                    }

                    colour = new Rgb((byte)((r + 2) / 4), (byte)((g + 2) / 4), (byte)((b + 2) / 4));
                }
                else
                {
                    colour = centres[i].Colour;
                }

                rgb[i * 3] = colour.R;
                rgb[(i * 3) + 1] = colour.G;
                rgb[(i * 3) + 2] = colour.B;
            }
        }

        StampInitials(rgb, initials, portrait.Jacket);
        return PngEncoder.EncodeRgb24(Width, Height, rgb);
    }

    private static void StampInitials(byte[] rgb, string? initials, Rgb jacket)
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
        var ink = jacket.Luminance > 140 ? new Rgb(40, 40, 40) : new Rgb(232, 232, 232);

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
                    if (rows[row][col] != '1')
                    {
                        continue;
                    }

                    for (var sy = 0; sy < scale; sy++)
                    {
                        for (var sx = 0; sx < scale; sx++)
                        {
                            var px = left + (n * advance) + (col * scale) + sx;
                            var py = top + (row * scale) + sy;
                            if (px is >= 0 and < Width && py is >= 0 and < Height)
                            {
                                var o = ((py * Width) + px) * 3;
                                rgb[o] = ink.R;
                                rgb[o + 1] = ink.G;
                                rgb[o + 2] = ink.B;
                            }
                        }
                    }
                }
            }
        }
    }

    private static byte ToByte(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);

    private enum Layer : byte
    {
        Background,
        Neck,
        Hair,
        Ear,
        Face,
        Jacket,
        Shirt,
    }

    private readonly record struct Shade(Rgb Colour, Layer Layer);

    private readonly record struct Rgb(byte R, byte G, byte B)
    {
        public double Luminance => (0.299 * R) + (0.587 * G) + (0.114 * B);

        public Rgb Scale(double f) => new(ToByte(R * f), ToByte(G * f), ToByte(B * f));
    }

    private sealed class Portrait
    {
        private const double CenterX = Width / 2.0;

        private Rgb background;
        private double backgroundFade;
        private Rgb skin;
        private Rgb hair;
        private Rgb shirt;
        private double headCy;
        private double headRx;
        private double headRy;
        private double hairRx;
        private double hairRy;
        private double hairCy;
        private double hairline;
        private bool longHair;
        private double neckHalf;
        private double shoulderTop;
        private double shoulderRx;

        public Rgb Jacket { get; private set; }

        public static Portrait FromSeed(int seed)
        {
            var rng = new SplitMix((ulong)(uint)seed);
            var p = new Portrait();

            p.background = rng.Next(2) == 0
                ? new Rgb((byte)(150 + rng.Next(25)), (byte)(200 + rng.Next(20)), (byte)(238 + rng.Next(12)))
                : new Rgb(250, 250, 250);
            p.backgroundFade = p.background.R == 250 ? 0.03 : 0.10;
            p.skin = SkinTones[rng.Next(SkinTones.Length)];
            p.hair = HairColours[rng.Next(HairColours.Length)];
            p.Jacket = JacketColours[rng.Next(JacketColours.Length)];
            p.shirt = ShirtColours[rng.Next(ShirtColours.Length)];

            p.headCy = 158 + rng.Next(12);
            p.headRx = 52 + rng.Next(9);
            p.headRy = p.headRx * (1.28 + (rng.Next(10) / 100.0));
            p.longHair = rng.Next(3) == 0;
            p.hairRx = p.headRx + (p.longHair ? 14 : 7) + rng.Next(5);
            p.hairRy = p.longHair ? p.headRy + 40 : p.headRy + 4 + rng.Next(4);
            p.hairCy = p.longHair ? p.headCy + 28 : p.headCy - 6;
            p.hairline = p.headCy - (p.headRy * (0.30 + (rng.Next(15) / 100.0)));
            p.neckHalf = p.headRx * 0.48;
            p.shoulderTop = p.headCy + p.headRy + 18 + rng.Next(10);
            p.shoulderRx = 128 + rng.Next(14);
            return p;
        }

        /// <summary>Colour at a sub-pixel position: layers are tested front to back.</summary>
        public Shade Sample(double x, double y)
        {
            var dx = x - CenterX;

            // Shoulders: a squarish superellipse (exponent 3) whose top edge is the shoulder line.
            var torsoRy = (Height - shoulderTop) + 70;
            var tx = Math.Abs(dx) / shoulderRx;
            var ty = Math.Abs(y - (shoulderTop + torsoRy)) / torsoRy;
            var tx3 = tx * tx * tx;
            var inTorso = y >= shoulderTop && (tx3 + (ty * ty * ty)) <= 1;

            var headDist = Ellipse(dx, y - headCy, headRx, headRy);
            var hairDist = Ellipse(dx, y - hairCy, hairRx, hairRy);

            if (inTorso)
            {
                // Shirt shows in a V under the chin; the jacket covers the rest.
                var vDepth = shoulderTop + 62;
                var vHalf = (vDepth - y) * 0.42;
                if (y < vDepth && Math.Abs(dx) < vHalf)
                {
                    var collarHalf = neckHalf + 2;
                    return Math.Abs(dx) < collarHalf && y < shoulderTop + 14
                        ? new(skin.Scale(0.86), Layer.Neck)
                        : new(shirt, Layer.Shirt);
                }

                // A touch of shading toward the arms suggests roundness.
                return new(Jacket.Scale(1.0 - (0.25 * tx3)), Layer.Jacket);
            }

            if (headDist <= 1)
            {
                var inHairCap = y < hairline + ((dx * dx) / (headRx * headRx) * headRy * 0.35);
                if (inHairCap && hairDist <= 1)
                {
                    return new(hair, Layer.Hair);
                }

                return new(skin.Scale(1.0 - (0.14 * headDist * headDist)), Layer.Face);
            }

            // Ears sit at eye level, just outside the head outline.
            var earY = y - (headCy + 6);
            if (Ellipse(Math.Abs(dx) - headRx + 2, earY, 10, 17) <= 1 && !(longHair && hairDist <= 1))
            {
                return new(skin.Scale(0.92), Layer.Ear);
            }

            if (hairDist <= 1 && (y < headCy + 10 || longHair))
            {
                return new(hair, Layer.Hair);
            }

            // Neck runs from under the chin down behind the collar.
            if (Math.Abs(dx) < neckHalf && y > headCy && y < shoulderTop + 20)
            {
                return new(skin.Scale(0.86), Layer.Neck);
            }

            var fade = 1.0 - (backgroundFade * (y / Height));
            return new(background.Scale(fade), Layer.Background);
        }

        private static double Ellipse(double dx, double dy, double rx, double ry) =>
            ((dx * dx) / (rx * rx)) + ((dy * dy) / (ry * ry));
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
