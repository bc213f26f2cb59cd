using SkiaSharp;

namespace RegistryCheck.Web.Infrastructure.Images;

/// <summary>A photo converted for CHSI: the JPEG, the quality that was used, and whether its size is in the window.</summary>
public sealed record ConvertedPhoto(byte[] Jpeg, int Quality, bool InWindow);

/// <summary>
/// Converts a stored photo to CHSI's specification: upright (EXIF orientation applied), centre-cropped to the target's
/// aspect ratio, resampled to exactly the target size, and encoded as JPEG at the highest quality whose size is within
/// the byte window. One photo in memory at a time: the caller converts, writes and drops it.
/// </summary>
public static class ChsiPhotoConverter
{
    private const int LowestQuality = 20;
    private const int HighestQuality = 100;

    public static ConvertedPhoto? Convert(byte[] content, int width, int height, long minBytes, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var source = DecodeUpright(content, width, height);
        if (source is null)
        {
            return null;
        }

        using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(target))
        using (var image = SKImage.FromBitmap(source))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawImage(image, CentreCrop(source.Width, source.Height, width, height), new SKRect(0, 0, width, height),
                new SKSamplingOptions(SKCubicResampler.Mitchell), null);
        }

        return Encode(target, minBytes, maxBytes);
    }

    /// <summary>The largest quality whose size is at most the window's top (binary search: sizes grow with quality).</summary>
    private static ConvertedPhoto Encode(SKBitmap bitmap, long minBytes, long maxBytes)
    {
        byte[]? best = null;
        var bestQuality = LowestQuality;
        int low = LowestQuality, high = HighestQuality;
        while (low <= high)
        {
            var quality = (low + high) / 2;
            var jpeg = Jpeg(bitmap, quality);
            if (jpeg.Length <= maxBytes)
            {
                (best, bestQuality, low) = (jpeg, quality, quality + 1);
            }
            else
            {
                high = quality - 1;
            }
        }

        // Even the lowest quality is too large (a very noisy picture): hand it back, marked out of the window.
        best ??= Jpeg(bitmap, LowestQuality);
        return new(best, bestQuality, best.Length >= minBytes && best.Length <= maxBytes);
    }

    private static byte[] Jpeg(SKBitmap bitmap, int quality)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    /// <summary>The centre of the source with the target's aspect ratio.</summary>
    private static SKRect CentreCrop(int sourceWidth, int sourceHeight, int width, int height)
    {
        var wanted = (double)width / height;
        if ((double)sourceWidth / sourceHeight > wanted)
        {
            var cropWidth = (float)(sourceHeight * wanted);
            return SKRect.Create((sourceWidth - cropWidth) / 2, 0, cropWidth, sourceHeight);
        }

        var cropHeight = (float)(sourceWidth / wanted);
        return SKRect.Create(0, (sourceHeight - cropHeight) / 2, sourceWidth, cropHeight);
    }

    /// <summary>
    /// Decodes at the smallest scale the codec offers that still covers the target (a 4000 × 3000 JPEG decodes at
    /// 1/4), then applies the EXIF orientation so a phone's portrait photo is not exported lying on its side.
    /// </summary>
    private static SKBitmap? DecodeUpright(byte[] content, int width, int height)
    {
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return null;
        }

        var header = ImageHeader.From(codec);
        var (uprightWidth, uprightHeight) = header.Upright;
        var scale = Math.Min(1f, Math.Max((float)width / uprightWidth, (float)height / uprightHeight));
        var size = codec.GetScaledDimensions(scale);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            decoded.Dispose();
            return null;
        }

        return header.Origin == SKEncodedOrigin.TopLeft ? decoded : Rotate(decoded, header.Origin);
    }

    private static SKBitmap Rotate(SKBitmap source, SKEncodedOrigin origin)
    {
        var quarterTurn = origin is SKEncodedOrigin.RightTop or SKEncodedOrigin.LeftBottom
            or SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightBottom;
        var rotated = quarterTurn
            ? new SKBitmap(new SKImageInfo(source.Height, source.Width, SKColorType.Rgba8888, SKAlphaType.Premul))
            : new SKBitmap(source.Info);
        using (var canvas = new SKCanvas(rotated))
        {
            // The common orientations (the mirrored ones are drawn as their unmirrored turn).
            switch (origin)
            {
                case SKEncodedOrigin.RightTop or SKEncodedOrigin.LeftTop:
                    canvas.Translate(source.Height, 0);
                    canvas.RotateDegrees(90);
                    break;
                case SKEncodedOrigin.BottomRight or SKEncodedOrigin.BottomLeft:
                    canvas.Translate(source.Width, source.Height);
                    canvas.RotateDegrees(180);
                    break;
                case SKEncodedOrigin.LeftBottom or SKEncodedOrigin.RightBottom:
                    canvas.Translate(0, source.Width);
                    canvas.RotateDegrees(270);
                    break;
            }

            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default, null);
        }

        source.Dispose();
        return rotated;
    }
}
