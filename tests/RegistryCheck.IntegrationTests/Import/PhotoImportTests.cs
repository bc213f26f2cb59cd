using System.IO.Compression;
using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.IntegrationTests.Import;

/// <summary>A portal whose zip caps are low enough to trip in a test (8 MiB decompressed in all).</summary>
public sealed class SmallZipCapsFactory : PortalFactory
{
    public const long TotalCap = 8L * 1024 * 1024;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Import:MaxPhotoTotalBytes"] = TotalCap.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Import:MaxPhotoEntries"] = "500",
    };
}

public class PhotoImportTests(SmallZipCapsFactory factory) : IClassFixture<SmallZipCapsFactory>
{
    /// <summary>A real JPEG of the given size (SkiaSharp), a flat grey picture with a darker square: small in bytes.</summary>
    internal static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(new SkiaSharp.SKColor(200, 200, 200));
            using var paint = new SkiaSharp.SKPaint { Color = new SkiaSharp.SKColor(60, 60, 90) };
            canvas.DrawRect(width / 4f, height / 4f, width / 2f, height / 2f, paint);
        }

        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    [Fact]
    public async Task Photos_that_miss_chsis_specification_are_listed_with_what_they_miss_and_are_imported_all_the_same()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var (png, square, fine) = (await TestStudents.AddAsync(factory), await TestStudents.AddAsync(factory), await TestStudents.AddAsync(factory));
        var exam = await factory.WithDbAsync(db => db.Students.Where(s => s.Id == png.Id || s.Id == square.Id || s.Id == fine.Id)
            .ToDictionaryAsync(s => s.Id, s => s.ExamNumber!));
        // The export's converter makes a photo that meets the specification: 480 × 640 JPEG within 20–100 KB.
        var good = RegistryCheck.Web.Infrastructure.Images.ChsiPhotoConverter.Convert(DemoPhotoGenerator.Create(8), 480, 640, 20 * 1024, 100 * 1024)!;
        Assert.True(good.InWindow);
        var zip = Zip(
            (exam[png.Id] + ".png", DemoPhotoGenerator.Create(5)),
            (exam[square.Id] + ".jpg", Jpeg(300, 300)),
            (exam[fine.Id] + ".jpg", good.Jpeg));

        var id = await ImportKit.JobIdAsync(client, await ImportKit.UploadPhotosAsync(client, zip));
        var preview = await ImportKit.WaitAsync(factory, id);
        Assert.Equal((ImportStatus.Previewed, 3, 0), (preview.Status, preview.NewCount, preview.RejectedCount));

        var warnings = await WarningsAsync(client, id);
        Assert.Equal("不符合学信网照片规格的照片（2）", warnings.Title);
        Assert.Equal([exam[png.Id] + ".png", exam[square.Id] + ".jpg"], warnings.Rows.Keys.Order());
        Assert.Contains("格式为 PNG，学信网要求 JPEG", warnings.Rows[exam[png.Id] + ".png"]);
        Assert.DoesNotContain("宽高比", warnings.Rows[exam[png.Id] + ".png"]);
        var squareText = warnings.Rows[exam[square.Id] + ".jpg"];
        Assert.Contains("宽高比不是 3:4（300×300 像素），导出时将居中裁剪", squareText);
        Assert.Contains("尺寸为 300×300 像素，小于学信网要求的 480×640，放大后可能模糊", squareText);
        Assert.Contains("文件大小为", squareText);
        Assert.DoesNotContain("格式为", squareText);
        Assert.Contains("这些照片仍会导入", warnings.Note);

        var done = await ImportKit.CommitAsync(factory, client, id);
        Assert.Equal((ImportStatus.Completed, 3), (done.Status, done.NewCount));
        var stored = await factory.WithDbAsync(db => db.AdmissionPhotos.Where(p => p.IsCurrent && (p.StudentId == png.Id || p.StudentId == square.Id || p.StudentId == fine.Id))
            .Select(p => new { p.StudentId, p.Width, p.Height, p.ContentType }).ToListAsync());
        Assert.Equal(3, stored.Count);
        Assert.Equal((300, 300, "image/jpeg"), stored.Where(p => p.StudentId == square.Id).Select(p => (p.Width, p.Height, p.ContentType)).Single());
        // The report keeps the warnings.
        Assert.Equal("不符合学信网照片规格的照片（2）", (await WarningsAsync(client, id)).Title);
    }

    private static async Task<(string Title, string Note, Dictionary<string, string> Rows)> WarningsAsync(PortalClient client, int jobId)
    {
        var (_, page) = await client.GetPageAsync($"/import/{jobId}");
        var section = page.QuerySelector("#photo-warnings");
        Assert.NotNull(section);
        return (section.QuerySelector("h2")!.TextContent.Trim(), section.QuerySelector("p")!.TextContent,
            section.QuerySelectorAll("table.photo-warnings tbody tr").ToDictionary(tr => tr.Children[0].TextContent.Trim(), tr => tr.Children[1].TextContent.Trim()));
    }

    [Fact]
    public async Task Photos_match_by_file_name_only_replace_old_ones_into_history_and_report_what_did_not_match()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var fresh = await TestStudents.AddAsync(factory);
        var withOld = await TestStudents.AddAsync(factory, withPhoto: true);
        var (freshExam, oldExam) = await factory.WithDbAsync(async db => (
            (await db.Students.SingleAsync(s => s.Id == fresh.Id)).ExamNumber!,
            (await db.Students.SingleAsync(s => s.Id == withOld.Id)).ExamNumber!));
        var traversal = "../../" + freshExam + ".jpg";
        var zip = Zip(
            (traversal, DemoPhotoGenerator.Create(1)),
            ("photos/2026/" + oldExam + ".png", DemoPhotoGenerator.Create(2)),
            ("dup/" + freshExam + ".png", DemoPhotoGenerator.Create(3)),
            ("99999999999999.jpg", DemoPhotoGenerator.Create(4)),
            ("notes.jpg", "this is not a photo"u8.ToArray()),
            ("big.jpg", Oversized()),
            ("inner.zip", RosterImportTests.ZipWith("a.jpg", "x")),
            ("__MACOSX/._" + freshExam + ".jpg", [0, 5, 22, 7]));

        var id = await ImportKit.JobIdAsync(client, await ImportKit.UploadPhotosAsync(client, zip));
        var preview = await ImportKit.WaitAsync(factory, id);
        Assert.Equal(ImportStatus.Previewed, preview.Status);
        Assert.Equal((1, 1, 5), (preview.NewCount, preview.UpdatedCount, preview.RejectedCount));
        Assert.False(await factory.WithDbAsync(db => db.AdmissionPhotos.AnyAsync(p => p.StudentId == fresh.Id)));

        var (_, page) = await client.GetPageAsync($"/import/{id}");
        var reasons = page.QuerySelectorAll("table.unmatched tbody tr")
            .ToDictionary(tr => tr.Children[0].TextContent.Trim(), tr => tr.Children[1].TextContent.Trim());
        Assert.Contains("同一名学生有多张照片", reasons[freshExam + ".png"]);
        Assert.Contains("没有考生号为“99999999999999”的学生", reasons["99999999999999.jpg"]);
        Assert.Contains("不是 JPEG 或 PNG 图片", reasons["notes.jpg"]);
        Assert.Contains("照片超过 2 MiB", reasons["big.jpg"]);
        Assert.Contains("压缩包中的压缩包不会被打开", reasons["inner.zip"]);

        var done = await ImportKit.CommitAsync(factory, client, id);
        Assert.Equal(ImportStatus.Completed, done.Status);
        await factory.WithDbAsync(async db =>
        {
            var freshPhoto = await db.AdmissionPhotos.SingleAsync(p => p.StudentId == fresh.Id);
            Assert.True(freshPhoto.IsCurrent);
            Assert.Equal(freshExam + ".jpg", freshPhoto.SourceFileName);
            Assert.Equal(DemoPhotoGenerator.Create(1), freshPhoto.Content);
            var history = await db.AdmissionPhotos.Where(p => p.StudentId == withOld.Id).OrderBy(p => p.Id).ToListAsync();
            Assert.Equal(2, history.Count);
            Assert.False(history[0].IsCurrent);
            Assert.NotNull(history[0].ReplacedAt);
            Assert.True(history[1].IsCurrent);
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "import" && a.TargetId == id.ToString() && a.Details!.Contains("matched=1")));
        });

        // Entries are read in memory: nothing appears where "../../" would have pointed.
        foreach (var folder in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory, factory.DataFolder })
        {
            Assert.False(File.Exists(Path.GetFullPath(Path.Combine(folder, traversal))));
            Assert.False(File.Exists(Path.Combine(folder, freshExam + ".jpg")));
        }
    }

    [Fact]
    public async Task Photos_can_be_matched_by_student_number_and_the_report_lists_students_still_without_a_photo()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var student = await TestStudents.AddAsync(factory);
        var id = await ImportKit.JobIdAsync(client, await ImportKit.UploadPhotosAsync(client, Zip((student.StudentNumber + ".PNG", DemoPhotoGenerator.Create(7))), "StudentNumber"));
        var job = await ImportKit.CommitAsync(factory, client, (await ImportKit.WaitAsync(factory, id)).Id);

        Assert.Equal((1, 0), (job.NewCount, job.RejectedCount));
        var (_, page) = await client.GetPageAsync($"/import/{id}");
        // The demo leaves 2026020019 and 2026020020 without a photo.
        Assert.Contains("2026020019", page.QuerySelector(".without-photo")!.TextContent);
        Assert.DoesNotContain(student.StudentNumber, page.QuerySelector(".without-photo")!.TextContent);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_with_a_message_and_no_photo_is_stored()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var student = await TestStudents.AddAsync(factory);
        var exam = await factory.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.ExamNumber!).SingleAsync());
        // 150 entries of 60 KB of zeros: each too small for the ratio check, together past the 8 MiB cap.
        var entries = new List<(string, byte[])> { (exam + ".png", DemoPhotoGenerator.Create(9)) };
        entries.AddRange(Enumerable.Range(0, 150).Select(i => ($"{i}.jpg", new byte[60_000])));
        var zip = Zip([.. entries]);
        Assert.True(zip.Length < 200_000);

        var job = await ImportKit.WaitAsync(factory, await ImportKit.JobIdAsync(client, await ImportKit.UploadPhotosAsync(client, zip)));

        Assert.Equal(ImportStatus.Failed, job.Status);
        var (_, page) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Contains("压缩炸弹", page.QuerySelector(".flash.error")!.TextContent);
        Assert.False(await factory.WithDbAsync(db => db.AdmissionPhotos.AnyAsync(p => p.StudentId == student.Id)));
        Assert.False(await factory.WithDbAsync(db => db.ImportFiles.AnyAsync(f => f.ImportJobId == job.Id)));
    }

    [Fact]
    public async Task One_hugely_compressible_entry_is_refused_by_its_compression_ratio()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var zip = Zip(("bomb.jpg", new byte[5 * 1024 * 1024]));

        var job = await ImportKit.WaitAsync(factory, await ImportKit.JobIdAsync(client, await ImportKit.UploadPhotosAsync(client, zip)));

        Assert.Equal(ImportStatus.Failed, job.Status);
        Assert.Contains("压缩比异常", job.Error);
    }

    [Fact]
    public async Task Too_many_entries_or_a_file_that_is_not_a_zip_is_refused_at_upload_and_nothing_is_stored()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var before = await factory.WithDbAsync(db => db.ImportJobs.CountAsync());

        var many = Zip([.. Enumerable.Range(0, 501).Select(i => ($"{i}.jpg", new byte[] { 1 }))]);
        Assert.Contains("压缩包中的文件过多（501 个，上限 500 个）", await ImportKit.RefusalAsync(client, await ImportKit.UploadPhotosAsync(client, many)));
        Assert.Contains("不是有效的 zip", await ImportKit.RefusalAsync(client, await ImportKit.UploadPhotosAsync(client, "PK but not really"u8.ToArray())));
        Assert.Contains("文件是空的", await ImportKit.RefusalAsync(client, await ImportKit.UploadPhotosAsync(client, [])));

        Assert.Equal(before, await factory.WithDbAsync(db => db.ImportJobs.CountAsync()));
    }

    internal static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            foreach (var (name, content) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(content);
            }
        }

        return ms.ToArray();
    }

    private static byte[] Oversized()
    {
        // Starts like a JPEG; 3 MB of noise does not compress, so only the size rule can refuse it.
        var bytes = new byte[3 * 1024 * 1024];
        new Random(3).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        return bytes;
    }
}

public class ImportEndToEndTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_student_imported_from_an_xlsx_signs_in_with_the_initial_password_and_sees_the_imported_photo()
    {
        using var registrar = await ImportKit.RegistrarAsync(factory);
        var row = ImportKit.Row(female: true);
        var roster = Xlsx.Build(ImportKit.Headers, [row]);
        var job = await ImportKit.UploadAndPreviewAsync(factory, registrar, roster, "新生名册.xlsx");
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, registrar, job.Id)).Status);

        var photo = DemoPhotoGenerator.Create(77);
        var photoJob = await ImportKit.WaitAsync(factory, await ImportKit.JobIdAsync(registrar,
            await ImportKit.UploadPhotosAsync(registrar, PhotoImportTests.Zip((row["考生号"] + ".png", photo)))));
        Assert.Equal(1, photoJob.NewCount);
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, registrar, photoJob.Id)).Status);

        using var student = factory.NewClient();
        await student.SignInStudentWithOwnPasswordAsync(row["学号"], row["证件号码"][^6..]);
        var (me, _) = await student.GetPageAsync("/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var served = await student.Http.GetAsync("/me/photo");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(photo, await served.Content.ReadAsByteArrayAsync());
        // The import created the check in the open 2026 campaign.
        Assert.True(await factory.WithDbAsync(db => db.StudentChecks.AnyAsync(c => c.Student.StudentNumber == row["学号"] && c.State == CheckState.Viewed)));
    }
}
