using System.Text;
using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.UnitTests.Files;

public class UploadInspectorTests
{
    [Fact]
    public void Generated_demo_photo_passes_as_a_480_by_640_png()
    {
        var result = UploadInspector.Inspect(DemoPhotoGenerator.Create(7, "ZS"), UploadKind.AdmissionPhoto);

        Assert.True(result.IsValid, result.Reason.ToString());
        Assert.Equal("image/png", result.ContentType);
        Assert.Equal(".png", result.Extension);
        Assert.Equal(480, result.Width);
        Assert.Equal(640, result.Height);
    }

    [Fact]
    public void Real_jpeg_passes_with_its_dimensions()
    {
        var result = UploadInspector.Inspect(TestFiles.Jpeg(640, 480), UploadKind.AdmissionPhoto);

        Assert.True(result.IsValid, result.Reason.ToString());
        Assert.Equal("image/jpeg", result.ContentType);
        Assert.Equal(".jpg", result.Extension);
        Assert.Equal(640, result.Width);
        Assert.Equal(480, result.Height);
    }

    [Fact]
    public void Jpeg_cut_off_inside_the_scan_data_is_truncated()
    {
        var jpeg = TestFiles.Jpeg(640, 480);

        var result = UploadInspector.Inspect(jpeg.AsSpan(0, jpeg.Length * 2 / 3), UploadKind.AdmissionPhoto);

        Assert.Equal(FileRejection.Truncated, result.Reason);
        Assert.Equal(640, result.Width);
    }

    [Fact]
    public void Jpeg_signature_with_garbage_after_it_is_not_an_image()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9];

        var result = UploadInspector.Inspect(jpeg, UploadKind.AdmissionPhoto);

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Jpeg_that_ends_before_any_scan_is_not_valid()
    {
        var full = TestFiles.Jpeg();
        var sos = full.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);

        var result = UploadInspector.Inspect(full.AsSpan(0, sos), UploadKind.AdmissionPhoto);

        Assert.False(result.IsValid);
        Assert.Contains(result.Reason, new[] { FileRejection.Truncated, FileRejection.UnknownType });
    }

    [Fact]
    public void Text_file_named_jpg_is_rejected()
    {
        var text = Encoding.UTF8.GetBytes("这不是照片 / this is not a photo, whatever its name says.\n");

        var result = UploadInspector.Inspect(text, UploadKind.AdmissionPhoto);

        Assert.False(result.IsValid);
        Assert.Equal(FileRejection.UnknownType, result.Reason);
        Assert.Null(result.ContentType);
        Assert.Equal("", result.Extension);
    }

    [Fact]
    public void Empty_file_is_rejected_as_empty()
    {
        Assert.Equal(FileRejection.Empty, UploadInspector.Inspect([], UploadKind.Evidence).Reason);
    }

    [Fact]
    public void Pdf_passes_as_evidence()
    {
        var result = UploadInspector.Inspect(TestFiles.Pdf(), UploadKind.Evidence);

        Assert.True(result.IsValid, result.Reason.ToString());
        Assert.Equal("application/pdf", result.ContentType);
        Assert.Equal(".pdf", result.Extension);
        Assert.Null(result.Width);
    }

    [Fact]
    public void Pdf_2_with_leading_junk_passes_as_evidence()
    {
        byte[] pdf = [.. new byte[300], .. TestFiles.Pdf("2.0")];

        Assert.True(UploadInspector.Inspect(pdf, UploadKind.Evidence).IsValid);
    }

    [Fact]
    public void Pdf_is_not_allowed_as_an_admission_photo()
    {
        var result = UploadInspector.Inspect(TestFiles.Pdf(), UploadKind.AdmissionPhoto);

        Assert.False(result.IsValid);
        Assert.Equal(FileRejection.NotAllowedForKind, result.Reason);
    }

    [Fact]
    public void Pdf_without_end_of_file_marker_is_truncated()
    {
        var pdf = TestFiles.Pdf();
        var cut = pdf.AsSpan(0, pdf.AsSpan().IndexOf("%%EOF"u8)).ToArray();

        Assert.Equal(FileRejection.Truncated, UploadInspector.Inspect(cut, UploadKind.Evidence).Reason);
    }

    [Fact]
    public void Pdf_whose_end_of_file_marker_is_far_from_the_end_is_rejected()
    {
        byte[] pdf = [.. TestFiles.Pdf(), .. new byte[2000]];

        Assert.False(UploadInspector.Inspect(pdf, UploadKind.Evidence).IsValid);
    }

    [Fact]
    public void Pdf_header_beyond_the_first_kilobyte_is_not_recognised()
    {
        byte[] pdf = [.. new byte[1100], .. TestFiles.Pdf()];

        Assert.Equal(FileRejection.UnknownType, UploadInspector.Inspect(pdf, UploadKind.Evidence).Reason);
    }

    [Fact]
    public void Png_with_bad_ihdr_crc_is_rejected()
    {
        var result = UploadInspector.Inspect(TestFiles.PngClaiming(64, 48, corruptIhdrCrc: true), UploadKind.AdmissionPhoto);

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Png_header_claiming_50000_by_50000_is_refused_from_the_header_before_any_decoding()
    {
        // The data holds 64 × 48 pixels: a decode would have found it truncated, not out of range.
        var result = UploadInspector.Inspect(TestFiles.PngClaiming(50_000, 50_000), UploadKind.AdmissionPhoto);

        Assert.Equal(FileRejection.DimensionsOutOfRange, result.Reason);
        Assert.Equal(50_000, result.Width);
        Assert.Equal(50_000, result.Height);
    }

    [Fact]
    public void Jpeg_header_claiming_65000_by_65000_is_refused_from_the_header_before_any_decoding()
    {
        var started = GC.GetAllocatedBytesForCurrentThread();

        var result = UploadInspector.Inspect(TestFiles.JpegClaiming(65_000, 65_000), UploadKind.AdmissionPhoto);

        // 65,000² RGBA pixels would be 16 GB; refusing from the header costs a few kilobytes.
        Assert.Equal(FileRejection.DimensionsOutOfRange, result.Reason);
        Assert.Equal(65_000, result.Width);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - started < 1024 * 1024);
    }

    [Fact]
    public void Png_header_claiming_four_billion_pixels_wide_is_rejected_without_overflow()
    {
        var result = UploadInspector.Inspect(TestFiles.PngClaiming(uint.MaxValue, 400), UploadKind.AdmissionPhoto);

        Assert.False(result.IsValid);
        Assert.Null(result.Width);
    }

    [Theory]
    [InlineData(100, 100, true)]
    [InlineData(99, 400, false)]
    [InlineData(300, 99, false)]
    [InlineData(6000, 4000, true)]
    [InlineData(6000, 4001, false)]
    [InlineData(6001, 1000, false)]
    [InlineData(4898, 4898, true)]
    [InlineData(4899, 4899, false)]
    public void Image_dimensions_are_bounded_per_side_and_by_total_pixels(int width, int height, bool valid)
    {
        // In range: a real image of that size, which must also decode; out of range: a forged header is enough.
        var png = valid ? TestFiles.Png(width, height) : TestFiles.PngClaiming((uint)width, (uint)height);
        var jpeg = valid ? TestFiles.Jpeg(width, height) : TestFiles.JpegClaiming(width, height);
        var expected = valid ? FileRejection.None : FileRejection.DimensionsOutOfRange;

        Assert.Equal(expected, UploadInspector.Inspect(png, UploadKind.Evidence).Reason);
        Assert.Equal(expected, UploadInspector.Inspect(jpeg, UploadKind.Evidence).Reason);
    }

    [Fact]
    public void File_over_the_kind_limit_is_too_large()
    {
        var photo = new byte[(2 * 1024 * 1024) + 1];
        TestFiles.Jpeg().CopyTo(photo, 0);

        Assert.Equal(FileRejection.TooLarge, UploadInspector.Inspect(photo, UploadKind.AdmissionPhoto).Reason);
        Assert.True(UploadInspector.Inspect(photo, UploadKind.Evidence).IsValid);
    }

    [Fact]
    public void Custom_limits_are_honoured()
    {
        var jpeg = TestFiles.Jpeg(20, 20);
        var limits = new FileLimits(PhotoMaxBytes: jpeg.Length - 1, MinDimension: 10);

        Assert.Equal(FileRejection.TooLarge, UploadInspector.Inspect(jpeg, UploadKind.AdmissionPhoto, limits).Reason);
        Assert.True(UploadInspector.Inspect(jpeg, UploadKind.Evidence, limits).IsValid);
    }

    [Fact]
    public void Every_prefix_of_a_png_that_cuts_its_image_data_is_invalid()
    {
        var png = TestFiles.Png(120, 160);

        // The tail (IEND, the last IDAT's CRC, zlib's checksum) may go missing without losing a pixel: libpng then
        // still decodes every row, so only prefixes that cut into the pixel data are asked to fail.
        for (var length = 0; length < png.Length - 32; length += 5)
        {
            var result = UploadInspector.Inspect(png.AsSpan(0, length), UploadKind.AdmissionPhoto);
            Assert.False(result.IsValid, $"prefix of {length} bytes was accepted");
        }
    }

    [Fact]
    public void Every_strict_prefix_of_a_jpeg_is_invalid()
    {
        var jpeg = TestFiles.Jpeg(120, 160);

        // JPEG's end marker is optional, so a prefix that stops only at the last bytes may decode whole.
        for (var length = 0; length < jpeg.Length - 4; length += 7)
        {
            var result = UploadInspector.Inspect(jpeg.AsSpan(0, length), UploadKind.AdmissionPhoto);
            Assert.False(result.IsValid, $"prefix of {length} bytes was accepted");
        }
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(20240901);
        byte[][] signatures = [[0xFF, 0xD8, 0xFF], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "%PDF-1."u8.ToArray(), []];

        for (var i = 0; i < 1000; i++)
        {
            // Most inputs start with a real signature so the structure walkers, not just sniffing, get exercised.
            var signature = signatures[i % signatures.Length];
            var bytes = new byte[signature.Length + random.Next(0, 2048)];
            random.NextBytes(bytes);
            signature.CopyTo(bytes, 0);

            UploadInspector.Inspect(bytes, UploadKind.Evidence);
            UploadInspector.Inspect(bytes, UploadKind.AdmissionPhoto);
        }
    }

    [Fact]
    public void Mutated_valid_files_never_throw()
    {
        var random = new Random(42);
        byte[][] originals = [TestFiles.Jpeg(120, 160), TestFiles.Png(120, 160), DemoPhotoGenerator.Create(1)[..200]];

        for (var i = 0; i < 1000; i++)
        {
            var bytes = (byte[])originals[i % originals.Length].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            UploadInspector.Inspect(bytes, UploadKind.Evidence);
        }
    }
}
