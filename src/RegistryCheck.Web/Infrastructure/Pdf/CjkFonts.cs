using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace RegistryCheck.Web.Infrastructure.Pdf;

/// <summary>
/// The one font of the portal's PDFs: a single TrueType file with the Chinese characters (Debian's fonts-droid-fallback
/// DroidSansFallbackFull.ttf, Apache-2.0, by default; setting <c>Pdf:FontPath</c>). PDFsharp needs a font resolver
/// on Linux and fails on .ttc collections such as wqy-microhei, hence one .ttf. PDFsharp's resolver is process-wide
/// and may be set only once, so the family name carries the file's path: two portals in one process (the tests) may
/// use different files. Bold is simulated (the file has one weight).
/// </summary>
public sealed class CjkFonts
{
    public const string DefaultPath = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
    private const string FamilyPrefix = "RegistryCheckCjk|";

    private static readonly object Gate = new();
    private static bool _installed;

    public CjkFonts(IConfiguration configuration)
    {
        var path = configuration["Pdf:FontPath"];
        Path = string.IsNullOrWhiteSpace(path) ? DefaultPath : path;
    }

    public string Path { get; }

    /// <summary>False when the file is missing: the caller says so (which file, which setting) before starting a download.</summary>
    public bool Available => File.Exists(Path);

    public XFont Font(double size, bool bold = false)
    {
        Install();
        return new XFont(FamilyPrefix + Path, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
    }

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
