using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using PdfSharp.Pdf.IO;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.ChsiExport;

/// <summary>
/// The evidence packet read back: the zip's folders and names, the evidence bytes, the one-page PDFs (page count with
/// PDFsharp, text with poppler's pdftotext), the summary workbook; the printable form; who may download it.
/// </summary>
public class EvidencePacketTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly CorrectionSteps _steps = new(factory);

    private static readonly byte[] Scan = RegistryCheck.Web.Infrastructure.Files.DemoPhotoGenerator.Create(11);
    private static readonly byte[] OtherScan = RegistryCheck.Web.Infrastructure.Files.DemoPhotoGenerator.Create(12);

    private sealed record Arranged(int CampaignId, int BatchId, TestStudent Renamed, int NameReport, int EthnicityReport, TestStudent Born, int BirthReport);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PortalFactory, Task<Arranged>> Shared = [];

    private Task<Arranged> ArrangedAsync()
    {
        lock (Shared)
        {
            return Shared.GetValue(factory, _ => ArrangeAsync());
        }
    }

    /// <summary>
    /// 姓名 (approval) with two scans of the same name and one with characters Windows refuses, corrected; 民族 (no
    /// approval) with a scan; another student's 出生日期 (approval) left in the batch.
    /// </summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var (renamed, renamedClient) = await TestStudents.SignedInAsync(factory);
        var (born, bornClient) = await TestStudents.SignedInAsync(factory);
        var name = await _steps.ReportAsync(renamedClient, renamed.Id, RecordField.Name, "赵子龙", "身份证为赵子龙",
            [("Evidence", "户口本.png", Scan, "image/png"), ("Evidence", "户口本.png", OtherScan, "image/png"), ("Evidence", "scan:1?.png", Scan, "image/png")]);
        var ethnicity = await _steps.ReportAsync(renamedClient, renamed.Id, RecordField.Ethnicity, "回族", "户口本为回族",
            [("Evidence", "民族证明.png", Scan, "image/png")]);
        var birth = await _steps.ReportAsync(bornClient, born.Id, RecordField.BirthDate, "2007-01-02", "出生证明为1月2日",
            [("Evidence", "出生证明.png", OtherScan, "image/png")]);
        using (var counselor = await _steps.CounselorAsync())
        {
            foreach (var id in new[] { name, ethnicity, birth })
            {
                await _steps.ReviewAsync(counselor, id, "verify", "已核对户口本原件");
            }
        }

        int batch;
        using (var college = await _steps.CollegeAsync())
        {
            batch = await _steps.SubmitBatchAsync(college, name, ethnicity, birth);
        }

        using (var registrar = await _steps.RegistrarAsync())
        {
            await _steps.ResolveAsync(registrar, batch, name, correct: true);
        }

        var campaign = await factory.WithDbAsync(db => db.Reports.Where(r => r.Id == name).Select(r => r.CampaignId).SingleAsync());
        return new Arranged(campaign, batch, renamed, name, ethnicity, born, birth);
    }

    private static async Task<ZipArchive> ZipAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        return new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>poppler's pdftotext (test.sh installs poppler-utils): the text a person's PDF viewer would find.</summary>
    private static string PdfText(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"chsi-form-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", file, "-"]) { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_batch_packet_has_a_folder_per_student_with_the_evidence_and_a_one_page_pdf_per_approval_report()
    {
        var a = await ArrangedAsync();
        using var registrar = await _steps.RegistrarAsync();

        using var zip = await ZipAsync(await registrar.Http.GetAsync($"/chsi-export/batches/{a.BatchId}/evidence"));

        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.All(names, n => Assert.False(n.Contains("..", StringComparison.Ordinal) || n.StartsWith('/') || n.Contains('\\') || n.Contains(':'), n));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var renamedFolder = $"{a.Renamed.StudentNumber}_赵子龙/";
        var bornName = await factory.WithDbAsync(db => db.Students.Where(s => s.Id == a.Born.Id).Select(s => s.Name).SingleAsync());
        var bornFolder = $"{a.Born.StudentNumber}_{bornName}/";
        Assert.Equal(new[]
            {
                "汇总表.xlsx",
                renamedFolder + $"申请表-姓名-{a.NameReport}.pdf", renamedFolder + "户口本.png", renamedFolder + "户口本 (2).png", renamedFolder + "scan_1_.png",
                bornFolder + $"申请表-出生日期-{a.BirthReport}.pdf", bornFolder + "出生证明.png",
            }.Order(StringComparer.Ordinal),
            names.Order(StringComparer.Ordinal));
        Assert.Equal(Scan, Bytes(zip.GetEntry(renamedFolder + "户口本.png")!));
        Assert.Equal(OtherScan, Bytes(zip.GetEntry(renamedFolder + "户口本 (2).png")!));

        var pdf = Bytes(zip.GetEntry(renamedFolder + $"申请表-姓名-{a.NameReport}.pdf")!);
        using (var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import))
        {
            Assert.Equal(1, document.PageCount);
        }

        var text = PdfText(pdf);
        Assert.Contains("学籍信息更正申请表", text);
        Assert.Contains(a.Renamed.StudentNumber, text);
        Assert.Contains("赵子龙", text);
        Assert.Contains("身份证为赵子龙", text);
        Assert.Contains("已核对户口本原件", text);
        Assert.Contains(a.Renamed.IdNumber, text);
        Assert.Contains("省级教育行政部门审批意见", text);
        var birthPdf = Bytes(zip.GetEntry(bornFolder + $"申请表-出生日期-{a.BirthReport}.pdf")!);
        Assert.Contains("2007-01-02", PdfText(birthPdf));

        using var workbook = new XLWorkbook(zip.GetEntry("汇总表.xlsx")!.Open().CopyToMemory());
        var ws = workbook.Worksheet(1);
        Assert.Equal("学号", ws.Cell(2, 3).GetString());
        var students = Enumerable.Range(3, 2).Select(r => ws.Cell(r, 3).GetString()).ToList();
        Assert.Equal(new[] { a.Renamed.StudentNumber, a.Born.StudentNumber }.Order(), students.Order());
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(x => x.Action == AuditActions.Export && x.TargetType == "batch"
            && x.TargetId == a.BatchId.ToString() && x.Details!.Contains("evidence-packet;reports=2;students=2;files=4"))));
    }

    [Fact]
    public async Task The_campaign_packet_covers_the_submitted_batches_and_the_college_gets_its_own_batch_with_id_numbers_masked()
    {
        var a = await ArrangedAsync();
        using var registrar = await _steps.RegistrarAsync();
        using (var all = await ZipAsync(await registrar.Http.GetAsync($"/chsi-export/evidence?campaignId={a.CampaignId}")))
        {
            Assert.Contains(all.Entries, e => e.FullName.EndsWith($"申请表-姓名-{a.NameReport}.pdf", StringComparison.Ordinal));
            Assert.Contains(all.Entries, e => e.FullName.EndsWith($"申请表-出生日期-{a.BirthReport}.pdf", StringComparison.Ordinal));
            Assert.DoesNotContain(all.Entries, e => e.Name == "民族证明.png");
        }

        using var college = await _steps.CollegeAsync();
        using var own = await ZipAsync(await college.Http.GetAsync($"/chsi-export/batches/{a.BatchId}/evidence"));
        var text = PdfText(Bytes(own.Entries.Single(e => e.FullName.EndsWith($"申请表-姓名-{a.NameReport}.pdf", StringComparison.Ordinal))));
        Assert.DoesNotContain(a.Renamed.IdNumber, text);
        Assert.Contains("********", text);

        using var college2 = await _steps.StaffAsync(DemoAccounts.College2, DemoAccounts.College2Password);
        Assert.Equal(HttpStatusCode.NotFound, (await college2.Http.GetAsync($"/chsi-export/batches/{a.BatchId}/evidence")).StatusCode);
        var refused = await college.Http.GetAsync($"/chsi-export/evidence?campaignId={a.CampaignId}");
        Assert.Equal("/account/denied", new Uri(new Uri("https://localhost"), refused.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task The_batch_pages_link_the_packet_for_the_registrar_and_the_own_college_and_the_link_leads_to_the_zip()
    {
        var a = await ArrangedAsync();
        var href = $"/chsi-export/batches/{a.BatchId}/evidence";
        using var registrar = await _steps.RegistrarAsync();
        var (_, batchPage) = await registrar.GetPageAsync($"/batches/{a.BatchId}");
        Assert.Equal(href, batchPage.QuerySelector("a.evidence-packet")?.GetAttribute("href"));
        using (var zip = await ZipAsync(await registrar.Http.GetAsync(href)))
        {
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith($"申请表-姓名-{a.NameReport}.pdf", StringComparison.Ordinal));
        }

        using var college = await _steps.CollegeAsync();
        var (_, collegePage) = await college.GetPageAsync("/batches/college");
        Assert.Contains(href, collegePage.QuerySelectorAll("a.evidence-packet").Select(x => x.GetAttribute("href")));

        // Another college sees no link to it, and the endpoint refuses it all the same.
        using var college2 = await _steps.StaffAsync(DemoAccounts.College2, DemoAccounts.College2Password);
        var (_, otherPage) = await college2.GetPageAsync("/batches/college");
        Assert.DoesNotContain(href, otherPage.QuerySelectorAll("a.evidence-packet").Select(x => x.GetAttribute("href")));
        Assert.Equal(HttpStatusCode.NotFound, (await college2.Http.GetAsync(href)).StatusCode);
    }

    [Fact]
    public async Task The_printable_form_shows_the_record_before_and_after_with_the_print_stylesheet_and_only_for_approval_reports()
    {
        var a = await ArrangedAsync();
        using var registrar = await _steps.RegistrarAsync();

        var (response, page) = await registrar.GetPageAsync($"/chsi-export/reports/{a.BirthReport}/form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet][href^='/css/application-form.css']"));
        var changed = page.QuerySelector("table.record tr.changed")!;
        Assert.Contains("出生日期", changed.TextContent);
        Assert.Equal("2007-01-02", changed.QuerySelector("td.after")!.TextContent.Trim());
        Assert.Equal("出生证明为1月2日", page.QuerySelector("td.reason")!.TextContent.Trim());
        Assert.Equal("已核对户口本原件", page.QuerySelector("td.counselor-note")!.TextContent.Trim());
        Assert.Equal(a.Born.IdNumber, page.QuerySelector("td.id-number")!.TextContent.Trim());
        Assert.Equal(5, page.QuerySelectorAll(".signatures p").Length);
        Assert.Equal(HttpStatusCode.NotFound, (await registrar.Http.GetAsync($"/chsi-export/reports/{a.EthnicityReport}/form")).StatusCode);
    }
}

/// <summary>With the font file missing the packet is refused before the download starts, naming the file and the setting.</summary>
public class EvidencePacketFontTests(EvidencePacketFontTests.MissingFontFactory factory) : IClassFixture<EvidencePacketFontTests.MissingFontFactory>
{
    public sealed class MissingFontFactory : PortalFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Pdf:FontPath"] = "/nonexistent/NoSuchFont.ttf" };
    }

    [Fact]
    public async Task A_missing_font_gives_a_clear_message_instead_of_a_broken_zip()
    {
        using var registrar = await new CorrectionSteps(factory).RegistrarAsync();

        var (response, page) = await registrar.GetPageAsync("/chsi-export/evidence");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("/nonexistent/NoSuchFont.ttf", page.QuerySelector(".font-missing")!.TextContent);
        Assert.Contains("Pdf:FontPath", page.QuerySelector(".font-missing")!.TextContent);
    }
}

internal static class StreamExtensions
{
    public static MemoryStream CopyToMemory(this Stream stream)
    {
        var copy = new MemoryStream();
        using (stream)
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        return copy;
    }
}
