using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Import;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Files;
using SkiaSharp;

namespace RegistryCheck.IntegrationTests.ChsiPhotos;

/// <summary>
/// Photos for CHSI through the whole workflow: photo reports corrected, the photos replaced by the photo import, then
/// the registrar's zip — JPEG files named by 考生号, each decoded here with SkiaSharp: 480 × 640, inside 20–100 KB.
/// </summary>
public class ChsiPhotoExportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly CorrectionSteps _steps = new(factory);

    /// <summary>A 960 × 1280 JPEG of a demo face: a phone photo, twice CHSI's size.</summary>
    private static byte[] LargeJpeg(int seed)
    {
        using var small = SKBitmap.Decode(DemoPhotoGenerator.Create(seed));
        using var large = small.Resize(new SKImageInfo(960, 1280), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var data = large.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    [Fact]
    public async Task The_zip_holds_a_480_by_640_jpeg_per_replaced_photo_named_by_exam_number_within_the_size_window()
    {
        var (png, pngClient) = await TestStudents.SignedInAsync(factory, withPhoto: true);
        var (large, largeClient) = await TestStudents.SignedInAsync(factory, withPhoto: true);
        var (notReplaced, notReplacedClient) = await TestStudents.SignedInAsync(factory, withPhoto: true);
        var reports = new List<int>();
        foreach (var (student, client) in new[] { (png, pngClient), (large, largeClient), (notReplaced, notReplacedClient) })
        {
            reports.Add(await _steps.ReportAsync(client, student.Id, RecordField.Photo, "照片不是我本人", "学信网上的照片是另一名考生的"));
        }

        using (var counselor = await _steps.CounselorAsync())
        {
            foreach (var id in reports)
            {
                await _steps.ReviewAsync(counselor, id, "verify", "核实无误");
            }
        }

        int batch;
        using (var college = await _steps.CollegeAsync())
        {
            batch = await _steps.SubmitBatchAsync(college, [.. reports]);
        }

        using var registrar = await _steps.RegistrarAsync();
        foreach (var id in reports)
        {
            await _steps.ResolveAsync(registrar, batch, id, correct: true);
        }

        // The new photos come in later than the reports, through the photo import (a PNG and a large JPEG).
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var exam = await factory.WithDbAsync(db => db.Students.Where(s => s.Id == png.Id || s.Id == large.Id || s.Id == notReplaced.Id)
            .ToDictionaryAsync(s => s.Id, s => s.ExamNumber!));
        var zip = PhotoImportTests.Zip((exam[png.Id] + ".png", DemoPhotoGenerator.Create(11)), (exam[large.Id] + ".jpg", LargeJpeg(12)));
        var job = await ImportKit.WaitAsync(factory, await ImportKit.JobIdAsync(registrar, await ImportKit.UploadPhotosAsync(registrar, zip)));
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, registrar, job.Id)).Status);

        var campaignId = await factory.WithDbAsync(db => db.Reports.Where(r => r.Id == reports[0]).Select(r => r.CampaignId).SingleAsync());
        var response = await registrar.Http.GetAsync($"/chsi-photos/campaigns/{campaignId}/zip?by=ExamNumber");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var archive = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);

        var photos = archive.Entries.Where(e => e.Name.EndsWith(".jpg", StringComparison.Ordinal)).ToDictionary(e => e.FullName, Read);
        Assert.Equal(new[] { exam[png.Id] + ".jpg", exam[large.Id] + ".jpg" }.Order(), photos.Keys.Order());
        foreach (var (name, bytes) in photos)
        {
            using var codec = SKCodec.Create(new MemoryStream(bytes));
            Assert.True(codec is not null, name);
            Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
            Assert.Equal((480, 640), (codec.Info.Width, codec.Info.Height));
            using var bitmap = SKBitmap.Decode(bytes);
            Assert.Equal((480, 640), (bitmap.Width, bitmap.Height));
            Assert.InRange(bytes.Length, 20 * 1024, 100 * 1024);
        }

        // The student whose photo was not replaced yet is left out, and the zip says so.
        var note = Encoding.UTF8.GetString(Read(Assert.Single(archive.Entries, e => e.FullName == "说明.txt")));
        Assert.Contains(notReplaced.StudentNumber, note);
        Assert.DoesNotContain(exam[notReplaced.Id] + ".jpg", archive.Entries.Select(e => e.FullName));
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }
}
