using System.IO.Compression;
using RegistryCheck.Web.Features.Import;
using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.UnitTests.Import;

public class PhotoZipTests
{
    private static readonly ImportOptions Options = new() { MaxPhotoTotalBytes = 4 * 1024 * 1024, MaxPhotoEntries = 100 };

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            foreach (var (name, content) in entries)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(content);
            }
        }

        return ms.ToArray();
    }

    private static List<PhotoEntry> Read(byte[] zip, ImportOptions? options = null)
    {
        using var archive = PhotoZip.Open(zip, options ?? Options);
        return PhotoZip.Read(archive, options ?? Options, FileLimits.Default).ToList();
    }

    [Fact]
    public void Entry_paths_are_reduced_to_the_file_name_whatever_separators_they_use()
    {
        var png = DemoPhotoGenerator.Create(1);
        var entries = Read(Zip(("../../1.png", png), ("..\\..\\2.png", png), ("/abs/3.png", png), ("a/b/c/4.png", png), ("dir/", [])));

        Assert.Equal(["1.png", "2.png", "3.png", "4.png"], entries.Select(e => e.FileName));
        Assert.All(entries, e => Assert.True(e.Inspection!.IsValid));
    }

    [Fact]
    public void Text_named_jpg_oversized_files_and_nested_zips_are_reported_not_imported()
    {
        var big = new byte[(int)FileLimits.DefaultPhotoMaxBytes + 10];
        new Random(5).NextBytes(big);
        big[0] = 0xFF;
        big[1] = 0xD8;
        big[2] = 0xFF;
        var entries = Read(Zip(("a.jpg", "hello"u8.ToArray()), ("b.jpg", big), ("c.zip", Zip(("x.jpg", [1]))), ("d.jpg", Zip(("x.jpg", [1])))));

        Assert.Equal("不是 JPEG 或 PNG 图片（按文件内容判断）", entries[0].Problem!.Key);
        Assert.Equal("照片超过 {0}", entries[1].Problem!.Key);
        Assert.Equal("压缩包中的压缩包不会被打开，请解压后重新打包", entries[2].Problem!.Key);
        Assert.Equal("压缩包中的压缩包不会被打开，请解压后重新打包", entries[3].Problem!.Key);
        Assert.All(entries, e => Assert.Null(e.Content));
    }

    [Fact]
    public void Decompression_is_bounded_by_counting_bytes_and_by_the_compression_ratio()
    {
        var manySmall = Zip([.. Enumerable.Range(0, 80).Select(i => ($"{i}.jpg", new byte[60_000]))]);
        var oneHuge = Zip(("x.jpg", new byte[3 * 1024 * 1024]));

        Assert.Contains("总大小超过上限", Assert.Throws<ZipRefusedException>(() => Read(manySmall)).Problem.Key);
        Assert.Contains("压缩比异常", Assert.Throws<ZipRefusedException>(() => Read(oneHuge)).Problem.Key);
        Assert.Contains("文件过多", Assert.Throws<ZipRefusedException>(() => Read(manySmall, new ImportOptions { MaxPhotoEntries = 10 })).Problem.Key);
        Assert.Contains("不是有效的 zip", Assert.Throws<ZipRefusedException>(() => Read("not a zip"u8.ToArray())).Problem.Key);
    }
}
