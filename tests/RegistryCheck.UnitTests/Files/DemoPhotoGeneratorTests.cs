using RegistryCheck.Web.Infrastructure.Files;
using RegistryCheck.Web.Infrastructure.Images;
using SkiaSharp;

namespace RegistryCheck.UnitTests.Files;

public class DemoPhotoGeneratorTests
{
    [Fact]
    public void Same_seed_gives_identical_bytes_and_different_seeds_differ()
    {
        Assert.Equal(DemoPhotoGenerator.Create(11, "LW"), DemoPhotoGenerator.Create(11, "LW"));
        Assert.NotEqual(DemoPhotoGenerator.Create(11), DemoPhotoGenerator.Create(12));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-5)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Png_and_jpeg_decode_as_480_by_640_pictures_that_are_not_blank(int seed)
    {
        foreach (var bytes in new[] { DemoPhotoGenerator.Create(seed, "Wang Xiaoming"), DemoPhotoGenerator.CreateJpeg(seed, "WXM") })
        {
            using var bitmap = SKBitmap.Decode(bytes);

            Assert.Equal(480, bitmap.Width);
            Assert.Equal(640, bitmap.Height);
            // The background's corner and the jacket's middle differ: something was drawn.
            Assert.NotEqual(bitmap.GetPixel(5, 5), bitmap.GetPixel(240, 630));
        }
    }

    [Fact]
    public void Demo_jpeg_is_a_jpeg()
    {
        var jpeg = DemoPhotoGenerator.CreateJpeg(3);

        Assert.Equal(ImageFormat.Jpeg, ImageHeader.Read(jpeg)!.Format);
    }

    [Fact]
    public void Initials_change_the_picture_and_non_latin_initials_are_ignored()
    {
        Assert.NotEqual(DemoPhotoGenerator.Create(5), DemoPhotoGenerator.Create(5, "ZS"));
        Assert.Equal(DemoPhotoGenerator.Create(5), DemoPhotoGenerator.Create(5, "张三"));
    }

    [Fact]
    public void Many_seeds_all_pass_inspection_as_admission_photos()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            Assert.True(UploadInspector.Inspect(DemoPhotoGenerator.Create(seed), UploadKind.AdmissionPhoto).IsValid);
        }
    }
}
