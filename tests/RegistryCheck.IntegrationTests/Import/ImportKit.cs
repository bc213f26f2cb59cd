using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Import;

/// <summary>Roster rows with unique, valid numbers, and the upload → wait → commit steps a registrar takes.</summary>
public static class ImportKit
{
    public static readonly string[] Headers =
        ["学号", "考生号", "姓名", "性别", "出生日期", "民族", "政治面貌", "证件类型", "证件号码", "学院", "专业", "班级", "层次", "学制", "学习形式", "入学日期", "联系电话"];

    private static int _next;

    /// <summary>A valid row in 2026级经济学1班 with numbers no other test uses.</summary>
    public static Dictionary<string, string> Row(bool female = false)
    {
        var n = Interlocked.Increment(ref _next);
        var (id, birth) = Identity(n, female, "110101");
        return new Dictionary<string, string>
        {
            ["学号"] = $"20268{n:00000}",
            ["考生号"] = $"2611010{n:0000000}",
            ["姓名"] = $"导入{n}",
            ["性别"] = female ? "女" : "男",
            ["出生日期"] = birth.ToString("yyyy-MM-dd"),
            ["民族"] = "汉族",
            ["政治面貌"] = "群众",
            ["证件类型"] = "居民身份证",
            ["证件号码"] = id,
            ["学院"] = "经济学院",
            ["专业"] = "经济学",
            ["班级"] = "2026级经济学1班",
            ["层次"] = "本科",
            ["学制"] = "4",
            ["学习形式"] = "普通全日制",
            ["入学日期"] = "2026-09-01",
            ["联系电话"] = $"137{n:00000000}",
        };
    }

    public static (string Id, DateOnly Birth) Identity(int n, bool female, string area)
    {
        var birth = new DateOnly(2007, 1, 1).AddDays(n / 400 % 700);
        var seq = (n % 400 * 2) + (female ? 0 : 1);
        var first17 = $"{area}{birth:yyyyMMdd}{seq:000}";
        return (first17 + IdNumber.ComputeCheckCharacter(first17), birth);
    }

    public static string Csv(IEnumerable<IReadOnlyDictionary<string, string>> rows, string[]? headers = null)
    {
        headers ??= Headers;
        var sb = new StringBuilder();
        sb.Append(string.Join(",", headers.Select(Quote))).Append("\r\n");
        foreach (var row in rows)
        {
            sb.Append(string.Join(",", headers.Select(h => Quote(row.TryGetValue(h, out var v) ? v : "")))).Append("\r\n");
        }

        return sb.ToString();
    }

    private static string Quote(string v) =>
        v.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;

    public static byte[] Utf8(string text, bool bom = false) =>
        bom ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text);

    public static async Task<PortalClient> RegistrarAsync(PortalFactory factory)
    {
        var client = factory.NewClient();
        await client.SignInStaffAsync(DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        return client;
    }

    public static Task<HttpResponseMessage> UploadRosterAsync(PortalClient client, byte[] content, string fileName = "roster.csv", bool createUnknown = false) =>
        client.PostMultipartAsync("/import/roster", "/import",
            createUnknown ? [("createUnknown", "true")] : [],
            [("file", fileName, content, fileName.EndsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv")]);

    public static Task<HttpResponseMessage> UploadPhotosAsync(PortalClient client, byte[] zip, string matchBy = "ExamNumber", string fileName = "photos.zip") =>
        client.PostMultipartAsync("/import/photos", "/import", [("matchBy", matchBy)], [("file", fileName, zip, "application/zip")]);

    /// <summary>The job id from the redirect to the job page; fails with the flash message when the upload was refused.</summary>
    public static async Task<int> JobIdAsync(PortalClient client, HttpResponseMessage upload)
    {
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var location = upload.Headers.Location!.OriginalString;
        if (!location.StartsWith("/import/", StringComparison.Ordinal))
        {
            var (_, page) = await client.FollowAsync(upload);
            Assert.Fail("Upload refused: " + page.QuerySelector(".flash.error")?.TextContent);
        }

        return int.Parse(location["/import/".Length..]);
    }

    /// <summary>The refusal message shown after a refused upload.</summary>
    public static async Task<string> RefusalAsync(PortalClient client, HttpResponseMessage upload)
    {
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        Assert.Equal("/import", upload.Headers.Location!.OriginalString);
        var (_, page) = await client.FollowAsync(upload);
        return page.QuerySelector(".flash.error")?.TextContent.Trim() ?? "";
    }

    public static async Task<ImportJob> WaitAsync(PortalFactory factory, int jobId, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var job = await factory.WithDbAsync(db => db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
            if (job.Status is ImportStatus.Previewed or ImportStatus.Completed or ImportStatus.Failed or ImportStatus.Cancelled)
            {
                return job;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Job {jobId} still {job.Status} after the timeout");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<ImportJob> UploadAndPreviewAsync(PortalFactory factory, PortalClient client, byte[] content, string fileName = "roster.csv", bool createUnknown = false)
    {
        var id = await JobIdAsync(client, await UploadRosterAsync(client, content, fileName, createUnknown));
        return await WaitAsync(factory, id);
    }

    public static async Task<ImportJob> CommitAsync(PortalFactory factory, PortalClient client, int jobId)
    {
        var response = await client.PostFormAsync($"/import/{jobId}/commit", [], $"/import/{jobId}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await WaitAsync(factory, jobId, TimeSpan.FromSeconds(300));
    }

    /// <summary>The rejected rows as the preview page shows them: row number → reasons text.</summary>
    public static async Task<Dictionary<int, string>> RejectedRowsAsync(PortalClient client, int jobId)
    {
        var (_, page) = await client.GetPageAsync($"/import/{jobId}");
        return page.QuerySelectorAll("table.rejected tbody tr")
            .ToDictionary(tr => int.Parse(tr.Children[0].TextContent.Trim()), tr => tr.Children[2].TextContent.Trim());
    }
}
