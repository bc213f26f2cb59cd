using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace RegistryCheck.Web.Infrastructure.Pdf;

/// <summary>
/// The fonts of the portal's PDFs. PDFsharp needs a font resolver on Linux and fails on .ttc collections such as
/// wqy-microhei, so each font is one TrueType file: the Chinese one is Debian's fonts-droid-fallback
/// DroidSansFallbackFull.ttf (Apache-2.0; setting <c>Pdf:FontPath</c>). That file is a fallback font with no Latin
/// letters or digits at all, so text is drawn in runs: CJK characters in it, everything else (digits, Latin, · → …)
/// in DejaVu Sans from fonts-dejavu-core (setting <c>Pdf:LatinFontPath</c>). PDFsharp's resolver is process-wide and
/// may be set only once, so the family name carries the file's path: two portals in one process (the tests) may use
/// different files. Bold is simulated.
/// </summary>
public sealed class CjkFonts
{
    public const string DefaultPath = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
    public const string DefaultLatinPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    private const string FamilyPrefix = "RegistryCheckFont|";

    private static readonly object Gate = new();
    private static bool _installed;

    public CjkFonts(IConfiguration configuration)
    {
        Path = Setting(configuration["Pdf:FontPath"], DefaultPath);
        LatinPath = Setting(configuration["Pdf:LatinFontPath"], DefaultLatinPath);
    }

    public string Path { get; }

    public string LatinPath { get; }

    /// <summary>The first configured file that does not exist, or null: the caller says so before starting a download.</summary>
    public string? Missing => !File.Exists(Path) ? Path : !File.Exists(LatinPath) ? LatinPath : null;

    public PdfFont Font(double size, bool bold = false)
    {
        Install();
        var style = bold ? XFontStyleEx.Bold : XFontStyleEx.Regular;
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        return new PdfFont(new XFont(FamilyPrefix + Path, size, style, options), new XFont(FamilyPrefix + LatinPath, size, style, options));
    }

    private static string Setting(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    private static void Install()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver = new Resolver();
                _installed = true;
            }
        }
    }

    private sealed class Resolver : IFontResolver
    {
        private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

        public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
            familyName.StartsWith(FamilyPrefix, StringComparison.Ordinal) ? new FontResolverInfo(familyName, isBold, isItalic) : null;

        public byte[]? GetFont(string faceName) =>
            faceName.StartsWith(FamilyPrefix, StringComparison.Ordinal)
                ? _files.GetOrAdd(faceName, f => File.ReadAllBytes(f[FamilyPrefix.Length..]))
                : null;
    }
}

/// <summary>A size of the PDF text: the CJK font and the Latin font, with drawing and measuring in runs of each.</summary>
public sealed class PdfFont(XFont cjk, XFont latin)
{
    public double Height => Math.Max(cjk.Height, latin.Height);

    public double Width(XGraphics gfx, string text) => Runs(text).Sum(r => gfx.MeasureString(r.Text, r.Font).Width);

    public void Draw(XGraphics gfx, string text, double x, double y)
    {
        foreach (var (run, font) in Runs(text))
        {
            gfx.DrawString(run, font, XBrushes.Black, new XRect(x, y, 2000, Height), XStringFormats.TopLeft);
            x += gfx.MeasureString(run, font).Width;
        }
    }

    /// <summary>CJK ideographs, kana, CJK punctuation and full-width forms (U+2E80 and up) in the CJK font, the rest in the Latin one.</summary>
    private IEnumerable<(string Text, XFont Font)> Runs(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || IsCjk(text[i]) != IsCjk(text[start]))
            {
                yield return (text[start..i], IsCjk(text[start]) ? cjk : latin);
                start = i;
            }
        }
    }

    private static bool IsCjk(char c) => c >= '\u2E80';
}
