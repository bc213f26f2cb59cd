using SkiaSharp;

namespace RegistryCheck.Web.Infrastructure.Images;

/// <summary>What an image's header says, read by SkiaSharp's codec without decoding a pixel.</summary>
public sealed record ImageHeader(ImageFormat Format, int Width, int Height, SKEncodedOrigin Origin)
{
    /// <summary>
    /// Reads the format and dimensions from the header only (SKCodec parses the markers or IHDR and stops):
    /// a 50,000 × 50,000 image costs what its header costs. Null when SkiaSharp does not recognise the bytes.
    /// </summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return null;
        }

        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        return codec is null ? null : From(codec);
    }

    internal static ImageHeader From(SKCodec codec) =>
        new(codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => ImageFormat.Jpeg,
            SKEncodedImageFormat.Png => ImageFormat.Png,
            _ => ImageFormat.Other,
        }, codec.Info.Width, codec.Info.Height, codec.EncodedOrigin);

    /// <summary>Width and height as a person sees the photo, after the EXIF orientation is applied.</summary>
    public (int Width, int Height) Upright =>
        Origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom
            ? (Height, Width)
            : (Width, Height);
}

public enum ImageFormat
{
    Other,
    Jpeg,
    Png,
}
