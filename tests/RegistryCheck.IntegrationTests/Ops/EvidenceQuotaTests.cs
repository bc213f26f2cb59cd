using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Ops;

/// <summary>Issue 16: evidence per student is capped (withdrawn reports' files included) and submissions are rate-limited.</summary>
public class EvidenceQuotaTests(EvidenceQuotaTests.QuotaFactory factory) : IClassFixture<EvidenceQuotaTests.QuotaFactory>
{
    public const int QuotaFiles = 4;

    public sealed class QuotaFactory : PortalFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Corrections:EvidenceQuotaFiles"] = QuotaFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Corrections:MaxReportsPerWindow"] = "100",
        };
    }

    private sealed class BytesFactory : PortalFactory
    {
        // Room for two of the test's PNGs, not three.
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Corrections:EvidenceQuotaBytes"] = (CorrectionSteps.EvidencePng.Length * 5 / 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private sealed class RateFactory : PortalFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Corrections:MaxReportsPerWindow"] = "3",
            ["Corrections:ReportWindow"] = "01:00:00",
        };
    }

    /// <summary>Fields a student may report without evidence, with a value each accepts.</summary>
    private static readonly (RecordField Field, string Value)[] Fields =
    [
        (RecordField.PoliticalStatus, "中共党员"), (RecordField.Ethnicity, "回族"), (RecordField.Photo, "照片模糊"), (RecordField.Gender, "女"),
    ];

    private static (string, string, byte[], string)[] Files(int n) =>
        Enumerable.Range(0, n).Select(i => ("Evidence", $"scan{i}.png", CorrectionSteps.EvidencePng, "image/png")).ToArray();

    private static async Task<HttpResponseMessage> SubmitAsync(PortalClient client, RecordField field, string value, int files) =>
        await client.PostMultipartAsync("/me/report", $"/me/report?field={field}",
            [("Field", field.ToString()), ("Kind", "Correction"), ("ProposedValue", value), ("Reason", "与户口本不符"), ("AcknowledgedHints", "true")],
            Files(files));

    private static Task<int> StoredFilesAsync(PortalFactory f, int studentId) =>
        f.WithDbAsync(db => db.ReportEvidence.CountAsync(e => e.Report.StudentId == studentId));

    private static async Task WithdrawAllAsync(PortalFactory f, PortalClient client, int studentId)
    {
        var open = await f.WithDbAsync(db => db.Reports.Where(r => r.StudentId == studentId && r.Status == ReportStatus.Submitted).Select(r => r.Id).ToListAsync());
        foreach (var id in open)
        {
            var response = await client.PostFormAsync($"/me/reports/{id}/withdraw");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    [Fact]
    public async Task Submitting_and_withdrawing_again_and_again_stops_at_the_file_quota_and_the_form_says_what_is_left()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        using var owned = client;
        var (_, form) = await client.GetPageAsync("/me/report?field=PoliticalStatus");
        Assert.Contains("您还可以上传 4 个文件", form.QuerySelector(".evidence-allowance")!.TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, RecordField.PoliticalStatus, "中共党员", 2)).StatusCode);
        await WithdrawAllAsync(factory, client, student.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, RecordField.PoliticalStatus, "中共党员", 2)).StatusCode);
        await WithdrawAllAsync(factory, client, student.Id);

        var refused = await SubmitAsync(client, RecordField.PoliticalStatus, "中共党员", 2);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("证明材料已超出您的存储上限：您还可以上传 0 个文件", page);
        Assert.Equal(QuotaFiles, await StoredFilesAsync(factory, student.Id));
        (_, form) = await client.GetPageAsync("/me/report?field=PoliticalStatus");
        Assert.Contains("您还可以上传 0 个文件", form.QuerySelector(".evidence-allowance")!.TextContent);

        // A report without files still goes in: the quota is on storage, not on reporting.
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, RecordField.PoliticalStatus, "中共党员", 0)).StatusCode);
    }

    [Fact]
    public async Task Parallel_uploads_of_one_student_cannot_together_pass_the_quota()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        using var owned = client;
        for (var round = 0; round < 3; round++)
        {
            var statuses = await Task.WhenAll(Fields.Select(async f =>
            {
                using var response = await SubmitAsync(client, f.Field, f.Value, 2);
                return response.StatusCode;
            }));
            Assert.DoesNotContain(statuses, s => (int)s >= 500);
            await WithdrawAllAsync(factory, client, student.Id);
        }

        var stored = await StoredFilesAsync(factory, student.Id);
        Assert.InRange(stored, 2, QuotaFiles);
    }

    [Fact]
    public async Task The_byte_quota_refuses_the_file_that_would_pass_it()
    {
        using var bytes = new BytesFactory();
        var (student, client) = await TestStudents.SignedInAsync(bytes);
        using var owned = client;
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, RecordField.PoliticalStatus, "中共党员", 2)).StatusCode);
        await WithdrawAllAsync(bytes, client, student.Id);

        var refused = await SubmitAsync(client, RecordField.PoliticalStatus, "中共党员", 1);
        Assert.Contains("证明材料已超出您的存储上限", await refused.Content.ReadAsStringAsync());
        Assert.Equal(2, await StoredFilesAsync(bytes, student.Id));
    }

    [Fact]
    public async Task A_student_who_submits_and_withdraws_too_often_is_told_when_to_try_again()
    {
        using var rate = new RateFactory();
        var (student, client) = await TestStudents.SignedInAsync(rate);
        using var owned = client;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, RecordField.PoliticalStatus, "中共党员", 0)).StatusCode);
            await WithdrawAllAsync(rate, client, student.Id);
            rate.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var refused = await SubmitAsync(client, RecordField.PoliticalStatus, "中共党员", 0);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("提交报告过于频繁，请于", await refused.Content.ReadAsStringAsync());
        Assert.Equal(3, await rate.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id)));

        rate.Clock.Advance(TimeSpan.FromMinutes(58));
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, RecordField.PoliticalStatus, "中共党员", 0)).StatusCode);
    }
}
