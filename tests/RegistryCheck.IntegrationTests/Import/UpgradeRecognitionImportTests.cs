using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.IntegrationTests.Admin;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Features.Shared;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Import;

/// <summary>
/// A roster without 入学类别: rows with 学制 2 at 本科, or a 备注 saying 专升本, are proposed as 专升本 in the preview and
/// imported as such only when the registrar ticks the confirmation (issue 15: never silently).
/// </summary>
public class UpgradeRecognitionImportTests : IDisposable
{
    private static readonly string[] Headers = [.. ImportKit.Headers, "备注"];

    private readonly PortalFactory _factory = new();

    private static (byte[] Csv, string TwoYear, string Remarked, string Regular) Roster()
    {
        var (twoYear, remarked, regular) = (ImportKit.Row(), ImportKit.Row(), ImportKit.Row());
        twoYear["学制"] = "2";
        remarked["备注"] = "2026年专升本录取";
        regular["备注"] = "班长";
        return (ImportKit.Utf8(ImportKit.Csv([twoYear, remarked, regular], Headers)), twoYear["学号"], remarked["学号"], regular["学号"]);
    }

    /// <summary>The demo cohort's open 专升本 campaign: the demo's own if it has one, else one the registrar creates.</summary>
    private async Task<int> UpgradeCampaignAsync()
    {
        var targets = await _factory.WithDbAsync(db => CampaignTargeting.OpenTargetsAsync(db, 2026, default));
        if (targets.FirstOrDefault(t => !t.TargetsRemainingTypes && t.IntakeTypes.Contains(IntakeTypes.UpgradeToBachelor)) is { } own)
        {
            return own.Id;
        }

        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        return await new SubCohorts.SubCohortKit(_factory).CreateCampaignAsync(registrar, 2026, "2026级专升本学籍核对（导入测试）", [IntakeTypes.UpgradeToBachelor], confirmMoves: true);
    }

    private static async Task<ImportJob> CommitAsync(PortalFactory factory, PortalClient client, int jobId, bool confirm)
    {
        var response = await client.PostFormAsync($"/import/{jobId}/commit", confirm ? [new("confirmUpgrade", "true")] : [], $"/import/{jobId}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await ImportKit.WaitAsync(factory, jobId, TimeSpan.FromSeconds(300));
    }

    private Task<Dictionary<string, (string IntakeType, int CampaignId)>> PlacedAsync(params string[] numbers) =>
        _factory.WithDbAsync(db => db.StudentChecks.AsNoTracking()
            .Where(k => numbers.Contains(k.Student.StudentNumber) && k.Campaign.ClosedAt == null)
            .Select(k => new { k.Student.StudentNumber, k.Student.IntakeType, k.CampaignId })
            .ToDictionaryAsync(k => k.StudentNumber, k => (k.IntakeType, k.CampaignId)));

    [Fact]
    public async Task The_preview_proposes_zhuanshengben_with_its_reason_and_asks_for_a_confirmation()
    {
        using var client = await ImportKit.RegistrarAsync(_factory);
        var (csv, twoYear, remarked, _) = Roster();

        var job = await ImportKit.UploadAndPreviewAsync(_factory, client, csv);

        Assert.Equal(ImportStatus.Previewed, job.Status);
        var (_, page) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Contains("可能是专升本的学生（2 行）", page.QuerySelector("#upgrade-suggestions h3")!.TextContent);
        var rows = page.QuerySelectorAll("table.upgrade tbody tr").Select(tr => (tr.Children[1].TextContent.Trim(), tr.Children[2].TextContent.Trim())).ToList();
        Assert.Equal([(twoYear, "学制 2 年、层次本科"), (remarked, "备注中写有专升本")], rows);
        var box = page.QuerySelector("form.commit-form input#confirm-upgrade")!;
        Assert.Equal(("checkbox", "confirmUpgrade", null), (box.GetAttribute("type"), box.GetAttribute("name"), box.GetAttribute("checked")));
        Assert.NotNull(page.QuerySelector("form.commit-form input[name=__RequestVerificationToken]"));
        Assert.False(await _factory.WithDbAsync(db => db.Students.AnyAsync(s => s.StudentNumber == twoYear)));
    }

    [Fact]
    public async Task Without_the_confirmation_the_proposed_rows_get_the_default_intake_type_and_the_all_types_campaign()
    {
        var upgradeCampaign = await UpgradeCampaignAsync();
        using var client = await ImportKit.RegistrarAsync(_factory);
        var (csv, twoYear, remarked, regular) = Roster();
        var job = await ImportKit.UploadAndPreviewAsync(_factory, client, csv);

        var done = await CommitAsync(_factory, client, job.Id, confirm: false);

        Assert.Equal(ImportStatus.Completed, done.Status);
        var placed = await PlacedAsync(twoYear, remarked, regular);
        Assert.All(placed.Values, p => Assert.Equal(IntakeTypes.Regular, p.IntakeType));
        Assert.All(placed.Values, p => Assert.NotEqual(upgradeCampaign, p.CampaignId));
        Assert.Equal(3, placed.Count);
        var (_, page) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Equal("未确认，已按名册或默认入学类别导入。", page.QuerySelector(".upgrade-outcome")!.TextContent.Trim());
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.Import && a.Details!.Contains("upgrade-suggested=2 upgrade-confirmed=no"))));
    }

    [Fact]
    public async Task Confirmed_rows_are_imported_as_zhuanshengben_and_land_in_the_open_zhuanshengben_campaign()
    {
        var upgradeCampaign = await UpgradeCampaignAsync();
        using var client = await ImportKit.RegistrarAsync(_factory);
        var (csv, twoYear, remarked, regular) = Roster();
        var job = await ImportKit.UploadAndPreviewAsync(_factory, client, csv);

        var done = await CommitAsync(_factory, client, job.Id, confirm: true);

        Assert.Equal(ImportStatus.Completed, done.Status);
        var placed = await PlacedAsync(twoYear, remarked, regular);
        Assert.Equal((IntakeTypes.UpgradeToBachelor, upgradeCampaign), placed[twoYear]);
        Assert.Equal((IntakeTypes.UpgradeToBachelor, upgradeCampaign), placed[remarked]);
        Assert.Equal(IntakeTypes.Regular, placed[regular].IntakeType);
        Assert.NotEqual(upgradeCampaign, placed[regular].CampaignId);
        var (_, page) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Equal("已按专升本导入。", page.QuerySelector(".upgrade-outcome")!.TextContent.Trim());
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.Import && a.Details!.Contains("upgrade-suggested=2 upgrade-confirmed=yes"))));
    }

    public void Dispose() => _factory.Dispose();
}
