using RegistryCheck.UnitTests.Files;
using RegistryCheck.Web.Features.Shared;
using RegistryCheck.Web.Infrastructure.Images;
using SkiaSharp;

namespace RegistryCheck.UnitTests.Images;

public class ChsiPhotoSpecTests
{
    private static readonly ChsiPhotoOptions Spec = new();

    [Fact]
    public void A_480_by_640_jpeg_inside_the_byte_window_has_no_findings()
    {
        var jpeg = ChsiPhotoConverter.Convert(TestFiles.Jpeg(600, 800, quality: 95), 480, 640, Spec.MinBytes, Spec.MaxBytes)!.Jpeg;

        Assert.Empty(ChsiPhotoSpec.Check(jpeg, Spec));
    }

    [Fact]
    public void A_png_is_told_its_format()
    {
        var findings = ChsiPhotoSpec.Check(TestFiles.Png(480, 640), Spec);

        Assert.Contains(findings, f => f.Key == "格式为 {0}，学信网要求 JPEG" && f.Args[0] == "PNG");
    }

    [Fact]
    public void A_landscape_photo_is_told_its_ratio_and_size()
    {
        var findings = ChsiPhotoSpec.Check(TestFiles.Jpeg(640, 480), Spec);

        Assert.Contains(findings, f => f.Key.StartsWith("宽高比不是 3:4", StringComparison.Ordinal) && f.Args[0] == "640" && f.Args[1] == "480");
        Assert.Contains(findings, f => f.Key.StartsWith("尺寸为 {0}×{1} 像素", StringComparison.Ordinal));
    }

    [Fact]
    public void A_small_3_by_4_thumbnail_keeps_its_ratio_but_is_told_it_is_too_small()
    {
        var findings = ChsiPhotoSpec.Check(TestFiles.Jpeg(120, 160), Spec);

        Assert.DoesNotContain(findings, f => f.Key.StartsWith("宽高比", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Key.Contains("小于学信网要求", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Key.StartsWith("文件大小为", StringComparison.Ordinal));
    }

    [Fact]
    public void The_byte_window_comes_from_the_settings()
    {
        var jpeg = TestFiles.Jpeg(480, 640, quality: 90);
        var tight = new ChsiPhotoOptions { MinBytes = jpeg.Length + 1, MaxBytes = jpeg.Length + 2 };
        var loose = new ChsiPhotoOptions { MinBytes = 1, MaxBytes = jpeg.Length };

        Assert.Contains(ChsiPhotoSpec.Check(jpeg, tight), f => f.Key.StartsWith("文件大小为", StringComparison.Ordinal));
        Assert.Empty(ChsiPhotoSpec.Check(jpeg, loose));
    }

    [Fact]
    public void Bytes_that_are_no_image_are_one_finding_not_an_exception()
    {
        Assert.Single(ChsiPhotoSpec.Check("not a photo"u8, Spec));
    }

    [Fact]
    public void The_header_of_a_huge_declared_image_is_read_without_decoding_it()
    {
        var started = GC.GetAllocatedBytesForCurrentThread();

        var header = ImageHeader.Read(TestFiles.JpegClaiming(65_000, 65_000));

        Assert.Equal((65_000, 65_000), (header!.Width, header.Height));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - started < 1024 * 1024);
    }

    [Theory]
    [InlineData(640, 480)]
    [InlineData(480, 640)]
    [InlineData(1200, 1600)]
    [InlineData(300, 400)]
    [InlineData(1000, 1000)]
    public void Conversion_gives_a_480_by_640_jpeg_inside_the_window(int width, int height)
    {
        var converted = ChsiPhotoConverter.Convert(TestFiles.Jpeg(width, height, quality: 95), 480, 640, Spec.MinBytes, Spec.MaxBytes)!;

        var header = ImageHeader.Read(converted.Jpeg)!;
        Assert.Equal((ImageFormat.Jpeg, 480, 640), (header.Format, header.Width, header.Height));
        Assert.True(converted.InWindow, $"{converted.Jpeg.Length} bytes at quality {converted.Quality}");
        Assert.InRange(converted.Jpeg.Length, Spec.MinBytes, Spec.MaxBytes);
    }

    [Fact]
    public void The_demo_photos_convert_inside_the_window()
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var converted = ChsiPhotoConverter.Convert(DemoPhotoGeneratorJpeg(seed), 480, 640, Spec.MinBytes, Spec.MaxBytes)!;
            Assert.True(converted.InWindow, $"seed {seed}: {converted.Jpeg.Length} bytes at quality {converted.Quality}");
        }
    }

    [Fact]
    public void A_landscape_photo_is_centre_cropped_not_squeezed()
    {
        // Left and right thirds red, the middle blue: a crop keeps only blue, a squeeze would keep red at the edges.
        using var bitmap = new SKBitmap(new SKImageInfo(900, 600, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        using (var red = new SKPaint { Color = SKColors.Red })
        {
            canvas.Clear(SKColors.Blue);
            canvas.DrawRect(0, 0, 200, 600, red);
            canvas.DrawRect(700, 0, 200, 600, red);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        var converted = ChsiPhotoConverter.Convert(data.ToArray(), 480, 640, 1, Spec.MaxBytes)!;

        using var result = SKBitmap.Decode(converted.Jpeg);
        Assert.True(result.GetPixel(5, 320).Blue > 200 && result.GetPixel(5, 320).Red < 60);
    }

    private static byte[] DemoPhotoGeneratorJpeg(int seed) => RegistryCheck.Web.Infrastructure.Files.DemoPhotoGenerator.CreateJpeg(seed);
}
