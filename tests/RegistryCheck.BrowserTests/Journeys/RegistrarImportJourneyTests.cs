using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;
using RegistryCheck.BrowserTests.Infrastructure;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.BrowserTests.Journeys;

/// <summary>The registrar's imports on a desktop (1366×768): a roster for a new class with progress, preview and report; a photo zip.</summary>
[Collection(BrowserCollection.Name)]
public class RegistrarImportJourneyTests(BrowserPortal portal)
{
    private const int Good = 300;
    private const string NewClass = "2026级金融学1班";

    [Fact]
    public async Task The_registrar_imports_a_roster_for_a_new_class_sees_progress_preview_and_rejected_rows_then_imports_photos()
    {
        await using var j = await Journey.StartAsync(portal, "registrar-import", phone: false);
        var page = j.Page;
        await j.SignInStaffAsync("registrar", "Registrar@2026", checkpoint: true);
        await j.CheckpointAsync("hub");

        // The registrar's overview: per college, with the server-side SVG trend chart.
        await page.Locator("#tracking-link").ClickAsync();
        await page.WaitForURLAsync("**/tracking");
        Assert.Equal(1, await page.Locator("svg.trend-chart[role=img]").CountAsync());
        Assert.True(await page.Locator("svg.trend-chart rect.bar-viewed").CountAsync() >= 1);
        Assert.Equal(1, await page.Locator("table.counts tfoot tr.total").CountAsync());
        await j.CheckpointAsync("tracking-trend");

        await page.GotoAsync("/staff");
        await page.Locator("a[href='/import']").ClickAsync();
        await page.WaitForURLAsync("**/import");
        await j.CheckpointAsync("import");

        // Upload: 300 new students of a class that does not exist yet, plus two bad rows.
        await page.GetByLabel("名册文件").SetInputFilesAsync(new FilePayload
        {
            Name = "2026级金融学1班名册.csv", MimeType = "text/csv", Buffer = Roster(),
        });
        await page.Locator("input[name=createUnknown]").CheckAsync();
        await WhileHeldAsync(ImportStatus.Validating, async () =>
        {
            await page.Locator("form[action='/import/roster'] button[type=submit]").ClickAsync();
            await page.WaitForURLAsync("**/import/*");
            await SeeProgressAsync(j, "roster-validating");
        });

        await page.Locator("#count-new").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(Good.ToString(), await page.Locator("#count-new").InnerTextAsync());
        Assert.Equal("2", await page.Locator("#count-rejected").InnerTextAsync());
        Assert.Contains("班级：经济学院 / " + NewClass, await page.Locator("ul.new-units").InnerTextAsync());
        var rejected = page.Locator("table.rejected tbody tr");
        Assert.Equal(2, await rejected.CountAsync());
        Assert.Contains("2026990902", await rejected.Nth(0).InnerTextAsync() + await rejected.Nth(1).InnerTextAsync());
        await j.CheckpointAsync("roster-preview");

        await WhileHeldAsync(ImportStatus.Committing, async () =>
        {
            await page.Locator("#commit").ClickAsync();
            await page.WaitForURLAsync("**/import/*");
            await SeeProgressAsync(j, "roster-committing");
        });
        await page.Locator(".flash.ok", new() { HasText = "导入已完成" }).WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(Good.ToString(), await page.Locator("#count-new").InnerTextAsync());
        await j.CheckpointAsync("roster-report");

        // Photos for five of the new students and one file that matches nobody.
        await page.GotoAsync("/import");
        await page.GetByLabel("照片压缩包（.zip）").SetInputFilesAsync(new FilePayload
        {
            Name = "photos.zip", MimeType = "application/zip", Buffer = PhotoZip(),
        });
        await page.Locator("input[name=matchBy][value=StudentNumber]").CheckAsync();
        await page.Locator("form[action='/import/photos'] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/import/*");
        await page.Locator("#count-new").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("5", await page.Locator("#count-new").InnerTextAsync());
        Assert.Equal("1", await page.Locator("#count-rejected").InnerTextAsync());
        Assert.Contains("2026999999.png", await page.Locator("table.unmatched").InnerTextAsync());
        await j.CheckpointAsync("photo-preview");
        await page.Locator("#commit").ClickAsync();
        await page.Locator(".flash.ok", new() { HasText = "导入已完成" }).WaitForAsync(new() { Timeout = 60_000 });
        await j.CheckpointAsync("photo-report");

        // The new class is tracked, with a student's photo served through the authorized action.
        await page.GotoAsync("/tracking");
        var college = page.Locator("table.counts tbody tr", new() { HasText = "经济学院" }).Locator("a");
        await college.ClickAsync();
        await page.WaitForURLAsync("**/tracking/colleges/*");
        var classRow = page.Locator("table.counts tbody tr", new() { HasText = NewClass });
        Assert.Equal(1, await classRow.CountAsync());
        await classRow.Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/tracking/classes/*");
        Assert.Contains($"共 {Good} 人", await page.Locator("#matching").InnerTextAsync());
        await page.Locator("table.students tr[data-number='2026990001'] td.name a").ClickAsync();
        await page.WaitForURLAsync("**/tracking/students/*");
        // The uploaded photos are the demo generator's, drawn at CHSI's 480 × 640 since the move to SkiaSharp.
        Assert.Equal(480, await page.Locator("img.photo").EvaluateAsync<int>("img => img.naturalWidth"));
        await j.CheckpointAsync("new-student-with-photo");
    }

    /// <summary>Runs the steps while the worker waits at its next progress report of the status.</summary>
    private async Task WhileHeldAsync(ImportStatus status, Func<Task> steps)
    {
        portal.ImportSteps.HoldNext(status);
        try
        {
            await steps();
        }
        finally
        {
            portal.ImportSteps.Release();
        }
    }

    /// <summary>The job page while the worker runs (held) shows a &lt;progress&gt; bar that import.js advances.</summary>
    private static async Task SeeProgressAsync(Journey j, string name)
    {
        var bar = j.Page.Locator("#import-progress progress");
        await bar.WaitForAsync(new() { Timeout = 15_000 });
        Assert.True(await bar.IsVisibleAsync());
        await j.SnapshotAsync(name);
        await j.AssertAccessibleAsync(name);
    }

    private static byte[] Roster()
    {
        var csv = new StringBuilder("学号,姓名,证件号码,民族,学院,专业,班级,入学日期\n");
        for (var i = 1; i <= Good; i++)
        {
            csv.Append($"{2026990000 + i},{Name(i)},{Id(i)},汉族,经济学院,金融学,{NewClass},2026-09-01\n");
        }

        // Bad rows: a wrong check digit, and a missing name.
        var wrong = Id(901);
        wrong = wrong[..17] + (wrong[17] == '0' ? '1' : '0');
        csv.Append($"2026990901,错号码,{wrong},汉族,经济学院,金融学,{NewClass},2026-09-01\n");
        csv.Append($"2026990902,,{Id(902)},汉族,经济学院,金融学,{NewClass},2026-09-01\n");
        return new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
    }

    private static string Name(int i)
    {
        const string family = "王李张刘陈杨黄赵周吴";
        const string given = "一二三四五六七八九十";
        return $"{family[i % 10]}{given[i / 10 % 10]}{given[i / 100 % 10]}{given[i % 10]}";
    }

    /// <summary>A valid 18-digit number (GB 11643) unique per i: Beijing Dongcheng, born 2008, sequence from i.</summary>
    private static string Id(int i)
    {
        var day = new DateOnly(2008, 1, 1).AddDays(i % 360);
        var first17 = $"110101{day:yyyyMMdd}{i % 1000:000}";
        return first17 + IdNumber.ComputeCheckCharacter(first17);
    }

    private static byte[] PhotoZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 1; i <= 5; i++)
            {
                Add(zip, $"照片/{2026990000 + i}.png", DemoPhotoGenerator.Create(100 + i));
            }

            Add(zip, "2026999999.png", DemoPhotoGenerator.Create(99));
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(bytes);
    }
}
