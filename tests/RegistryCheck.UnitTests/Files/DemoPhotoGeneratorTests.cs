using System.Buffers.Binary;
using System.IO.Compression;
using RegistryCheck.Web.Infrastructure.Files;

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
    public void Image_data_inflates_to_one_unfiltered_rgb_row_per_line(int seed)
    {
        var png = DemoPhotoGenerator.Create(seed, "Wang Xiaoming");

        var raw = Inflate(ConcatenatedIdat(png));

        Assert.Equal(400 * (1 + (300 * 3)), raw.Length);
        for (var row = 0; row < 400; row++)
        {
            Assert.Equal(0, raw[row * ((300 * 3) + 1)]);
        }
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

    private static byte[] ConcatenatedIdat(byte[] png)
    {
        using var idat = new MemoryStream();
        var pos = 8;
        while (pos < png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (png.AsSpan(pos + 4, 4).SequenceEqual("IDAT"u8))
            {
                idat.Write(png, pos + 8, length);
            }

            pos += 12 + length;
        }

        return idat.ToArray();
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
