using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Import;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Corrections;

/// <summary>A photo report shows staff what the current photo and the uploaded one miss of CHSI's specification.</summary>
public class PhotoReportSpecTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly CorrectionSteps _steps = new(factory);

    [Fact]
    public async Task The_counselor_and_the_registrar_see_the_current_and_the_uploaded_photos_findings_and_may_still_verify()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory, withPhoto: true);
        var uploaded = PhotoImportTests.Jpeg(300, 300);
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.Photo, "照片不是我本人", "学信网上的照片是另一名考生的",
            [("Evidence", "新照片.jpg", uploaded, "image/jpeg")]);

        using var counselor = await _steps.CounselorAsync();
        var findings = await FindingsAsync(counselor, reportId);
        // The current photo is the demo PNG (480 × 640): only its format misses the specification.
        Assert.Equal("当前照片：格式为 PNG，学信网要求 JPEG", findings["current"]);
        Assert.StartsWith("上传的照片“新照片.jpg”：宽高比不是 3:4（300×300 像素），导出时将居中裁剪；尺寸为 300×300 像素，小于学信网要求的 480×640", findings["uploaded"]);
        Assert.DoesNotContain("格式为", findings["uploaded"]);

        using var registrar = await _steps.RegistrarAsync();
        Assert.Equal(findings, await FindingsAsync(registrar, reportId));

        // Warnings only: the counselor verifies the report as any other.
        await _steps.ReviewAsync(counselor, reportId, "verify", "已与学生核实");
        Assert.Equal(ReportStatus.Verified, await factory.WithDbAsync(db => db.Reports.Where(r => r.Id == reportId).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_report_of_another_field_shows_no_photo_section()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory, withPhoto: true);
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.Ethnicity, "回族", "录取时登记错误");

        using var counselor = await _steps.CounselorAsync();
        var (_, page) = await counselor.GetPageAsync($"/corrections/{reportId}");

        Assert.Null(page.QuerySelector("ul.photo-spec"));
    }

    private static async Task<Dictionary<string, string>> FindingsAsync(PortalClient staff, int reportId)
    {
        var (_, page) = await staff.GetPageAsync($"/corrections/{reportId}");
        return page.QuerySelectorAll("ul.photo-spec li").ToDictionary(li => li.ClassName!, li => li.TextContent.Trim());
    }
}
