using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using RegistryCheck.IntegrationTests.Import;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Features.Import;
using Xunit.Abstractions;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>Decompression caps of the roster readers (RosterLimits): inflated size, ratio, text, rows.</summary>
public class RosterLimitsTests
{
    [Fact]
    public void The_bomb_builder_makes_a_valid_zip_that_inflates_to_what_its_header_says()
    {
        using var archive = new ZipArchive(new MemoryStream(XlsxBomb.Build(3)), ZipArchiveMode.Read);
        var entry = archive.GetEntry("xl/sharedStrings.xml")!;
        using var stream = entry.Open();
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            total += n;
        }

        Assert.Equal(entry.Length, total);
        Assert.True(total > 3 * 1024 * 1024);
        Assert.True(entry.CompressedLength * 500 < total, $"ratio {total / entry.CompressedLength}");
    }

    [Fact]
    public void An_xlsx_inflating_to_four_gigabytes_is_refused_by_its_inflated_size_within_seconds()
    {
        var bomb = XlsxBomb.Build(3900);
        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<RosterFileException>(() => RosterFile.Open(bomb, new RosterLimits()).Dispose());
        Assert.StartsWith("工作簿解压后的大小超过上限", ex.Problem.Key);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void A_part_that_inflates_more_than_the_ratio_allows_is_refused()
    {
        var bomb = XlsxBomb.Build(40);
        var ex = Assert.Throws<RosterFileException>(() => RosterFile.Open(bomb, new RosterLimits()).Dispose());
        Assert.StartsWith("工作簿中的“{0}”压缩比异常", ex.Problem.Key);
        Assert.Equal("sharedStrings.xml", ex.Problem.Args[0]);
    }

    [Fact]
    public void A_cell_longer_than_excel_allows_is_refused_instead_of_loaded()
    {
        // Under the inflation caps (ratio cap raised), a shared string of a million characters.
        var bomb = XlsxBomb.Build(3);
        var ex = Assert.Throws<RosterFileException>(() => RosterFile.Open(bomb, new RosterLimits { MaxRosterCompressionRatio = 100_000 }).Dispose());
        Assert.StartsWith("工作簿中的文字总量超过上限", ex.Problem.Key);
    }

    [Fact]
    public void A_roster_with_more_rows_than_the_cap_is_refused_with_the_cap_in_the_message()
    {
        var csv = ImportKit.Csv(Enumerable.Range(0, 120).Select(_ => (IReadOnlyDictionary<string, string>)ImportKit.Row()));
        using var file = RosterFile.Open(Encoding.UTF8.GetBytes(csv), new RosterLimits { MaxRosterRows = 100 });
        var ex = Assert.Throws<RosterFileException>(() => file.DataRows().Count());
        Assert.Equal("名册的行数超过上限（{0} 行），请分批导入", ex.Problem.Key);
        Assert.Equal("100", ex.Problem.Args[0]);
    }

    [Fact]
    public async Task A_roster_over_the_row_setting_fails_its_job_with_the_message()
    {
        using var factory = new RowCapFactory();
        using var registrar = factory.NewClient();
        await registrar.SignInStaffAsync(DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var csv = ImportKit.Csv(Enumerable.Range(0, 30).Select(_ => (IReadOnlyDictionary<string, string>)ImportKit.Row()));
        var job = await ImportKit.WaitAsync(factory, await ImportKit.JobIdAsync(registrar, await ImportKit.UploadRosterAsync(registrar, Encoding.UTF8.GetBytes(csv))));
        Assert.Equal(RegistryCheck.Data.Entities.ImportStatus.Failed, job.Status);
        Assert.Contains("名册的行数超过上限", job.Error);
    }

    private sealed class RowCapFactory : PortalFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Import:MaxRosterRows"] = "20" };
    }
}

/// <summary>
/// The bomb uploaded to the portal running as its own process, with the GC heap capped at 1 GiB (so a regression
/// fails the test instead of taking the machine's memory): refused with a message, quickly, and the process's peak
/// resident set stays within the stated bound (docs/security.md).
/// </summary>
[Collection(SeparateProcessCollection.Name)]
public sealed class RosterBombProcessTests(ITestOutputHelper output)
{
    /// <summary>The bound docs/security.md states for the portal's peak resident memory while it refuses the bomb.</summary>
    public const double PeakBoundMiB = 400;

    [Fact]
    public async Task A_ten_megabyte_xlsx_inflating_to_four_gigabytes_is_refused_quickly_in_bounded_memory()
    {
        using var portal = new PortalProcess();
        await portal.StartAsync(environment: new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" });
        using var registrar = await portal.StaffAsync(DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var bomb = XlsxBomb.Build(3900, paddingBytes: 6 * 1024 * 1024);
        var before = portal.MemoryMiB("VmRSS");

        var watch = Stopwatch.StartNew();
        var upload = await ImportKit.UploadRosterAsync(registrar, bomb, "bomb.xlsx");
        var (_, page) = await registrar.FollowAsync(upload);
        watch.Stop();
        var peak = portal.MemoryMiB("VmHWM");
        output.WriteLine($"bomb {bomb.Length / 1048576.0:F1} MiB (inflates to 3,900 MiB): answered in {watch.Elapsed.TotalSeconds:F1} s; RSS before {before:F0} MiB, peak {peak:F0} MiB");

        Assert.False(portal.HasExited, "the portal died");
        Assert.Contains("这可能是“压缩炸弹”", page.Body!.TextContent);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(peak < PeakBoundMiB, $"peak resident set {peak:F0} MiB");
        Assert.True(bomb.Length > 9 * 1024 * 1024);
    }
}
