using System.Globalization;
using RegistryCheck.Web.Infrastructure.Images;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>
/// What an image lacks for CHSI's specification, read from its header only (no pixel is decoded). Findings are
/// warnings: the export converts any usable photo to the specification, so the registrar decides whether a photo
/// that breaks it is still good enough (a sharp 600 × 800 PNG is; a 120 × 160 thumbnail is not).
/// </summary>
public static class ChsiPhotoSpec
{
    // 3:4 within 1 %: 480 × 641 from a rounding scanner is still 3:4 to anyone looking.
    private const double RatioTolerance = 0.01;

    public static IReadOnlyList<UserMessage> Check(ReadOnlySpan<byte> content, ChsiPhotoOptions spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var header = ImageHeader.Read(content);
        if (header is null)
        {
            return [new("不是学信网可用的图片（按文件内容判断）")];
        }

        var findings = new List<UserMessage>();
        if (header.Format != ImageFormat.Jpeg)
        {
            findings.Add(new("格式为 {0}，学信网要求 JPEG", header.Format == ImageFormat.Png ? "PNG" : "?"));
        }

        var (width, height) = header.Upright;
        var ratio = (double)width / height;
        var wanted = (double)spec.Width / spec.Height;
        if (Math.Abs(ratio - wanted) > wanted * RatioTolerance)
        {
            findings.Add(new("宽高比不是 3:4（{0}×{1} 像素），导出时将居中裁剪", Number(width), Number(height)));
        }

        if (width != spec.Width || height != spec.Height)
        {
            findings.Add(width < spec.Width || height < spec.Height
                ? new("尺寸为 {0}×{1} 像素，小于学信网要求的 {2}×{3}，放大后可能模糊", Number(width), Number(height), Number(spec.Width), Number(spec.Height))
                : new("尺寸为 {0}×{1} 像素，学信网要求 {2}×{3}，导出时将缩小", Number(width), Number(height), Number(spec.Width), Number(spec.Height)));
        }

        if (content.Length < spec.MinBytes || content.Length > spec.MaxBytes)
        {
            findings.Add(new("文件大小为 {0} KB，学信网要求 {1}–{2} KB", Kb(content.Length), Kb(spec.MinBytes), Kb(spec.MaxBytes)));
        }

        return findings;
    }

    public static string Kb(long bytes) => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
