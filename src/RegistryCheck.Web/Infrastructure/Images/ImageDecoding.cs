using System.Runtime.InteropServices;
using SkiaSharp;

namespace RegistryCheck.Web.Infrastructure.Images;

public enum DecodeOutcome
{
    Complete,

    /// <summary>The header was sound but the data ended (or broke) before the last row.</summary>
    Incomplete,

    /// <summary>The codec could not decode the pixels at all.</summary>
    Undecodable,
}

/// <summary>
/// Proves that an image decodes to its last row, in bounded memory. Where the codec decodes row by row (JPEG) that
/// takes one row buffer. PNG has no row-by-row decoder in SkiaSharp, so it is decoded whole at the smallest scale
/// the codec offers: at most the uploads' pixel cap × 4 bytes per image (24 MP → 96 MB), and no more than
/// <see cref="ConcurrentWholeDecodes"/> such decodes at once across the process, so uploads in parallel cannot add up.
/// </summary>
public static class ImageDecoding
{
    public const int ConcurrentWholeDecodes = 2;

    private static readonly SemaphoreSlim WholeDecodes = new(ConcurrentWholeDecodes, ConcurrentWholeDecodes);

    public static DecodeOutcome DecodesCompletely(SKCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var start = codec.StartScanlineDecode(info);
        if (start == SKCodecResult.Success)
        {
            return ByRows(codec, info);
        }

        if (start is SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput)
        {
            return DecodeOutcome.Incomplete;
        }

        var scaled = codec.GetScaledDimensions(1f / 8);
        var small = new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        WholeDecodes.Wait();
        try
        {
            var pixels = Marshal.AllocHGlobal((nint)small.BytesSize64);
            try
            {
                return Outcome(codec.GetPixels(small, pixels));
            }
            finally
            {
                Marshal.FreeHGlobal(pixels);
            }
        }
        finally
        {
            WholeDecodes.Release();
        }
    }
    private static DecodeOutcome ByRows(SKCodec codec, SKImageInfo info)
    {
        var row = Marshal.AllocHGlobal(info.RowBytes);
        try
        {
            for (var y = 0; y < info.Height; y++)
            {
                if (codec.GetScanlines(row, 1, info.RowBytes) != 1)
                {
                    return DecodeOutcome.Incomplete;
                }
            }

            return DecodeOutcome.Complete;
        }
        finally
        {
            Marshal.FreeHGlobal(row);
        }
    }

    private static DecodeOutcome Outcome(SKCodecResult result) => result switch
    {
        SKCodecResult.Success => DecodeOutcome.Complete,
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => DecodeOutcome.Incomplete,
        _ => DecodeOutcome.Undecodable,
    };
}
