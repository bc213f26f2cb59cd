using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Corrections;

/// <summary>
/// The registrar switches Campaign.ForbidNameAndIdNumberTogether on the campaign page. A class of its own: the switch
/// changes the demo campaign that every student of this factory is in.
/// </summary>
public class IdentityRuleSwitchTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly CorrectionSteps _steps = new(factory);

    private static string Valid18(string area, int n)
    {
        var first17 = $"{area}20080315{n % 1000:000}";
        return first17 + IdNumber.ComputeCheckCharacter(first17);
    }

    [Fact]
    public async Task Switching_the_rule_off_lets_an_ID_number_report_be_filed_beside_a_name_report()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var campaignId = await factory.WithDbAsync(db => db.StudentChecks.Where(c => c.StudentId == student.Id).Select(c => c.CampaignId).SingleAsync());
        await _steps.ReportAsync(client, student.Id, RecordField.Name, "李四", "录错");
        var files = new[] { ("Evidence", "id.png", CorrectionSteps.EvidencePng, "image/png") };
        Task<HttpResponseMessage> ReportIdNumber() => client.PostMultipartAsync("/me/report", "/me/report?field=IdNumber",
            [("Field", "IdNumber"), ("Kind", "Correction"), ("ProposedValue", Valid18("110105", 91)), ("Reason", "录错")], files);
        Assert.Contains("姓名和证件号码不能同时更改", await (await ReportIdNumber()).Content.ReadAsStringAsync());

        var registrar = await _steps.RegistrarAsync();
        var (_, page) = await registrar.GetPageAsync($"/campaigns/{campaignId}");
        Assert.NotNull(page.QuerySelector("form.identity-rule-form input[type=checkbox][name=forbid][checked]"));
        var version = CorrectionSteps.VersionOn(page, "form.identity-rule-form");
        // An unchecked box sends only the hidden "false", as a browser does.
        var response = await registrar.PostFormAsync($"/campaigns/{campaignId}/identity-rule",
            [new("version", version.ToString()), new("forbid", "false")], $"/campaigns/{campaignId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await registrar.FollowAsync(response);
        Assert.Equal("设置已保存。", CorrectionSteps.Flash(after.Page));
        Assert.Null(after.Page.QuerySelector("form.identity-rule-form input[type=checkbox][name=forbid][checked]"));
        Assert.False(await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.ForbidNameAndIdNumberTogether).SingleAsync()));
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.CampaignChanged
            && a.TargetId == campaignId.ToString() && a.Details == "forbid-name-and-id-number=off")));

        Assert.Equal(HttpStatusCode.Redirect, (await ReportIdNumber()).StatusCode);
        Assert.Equal(2, await factory.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id)));

        // Switched on again: a ticked box sends "true" and then the hidden "false"; the box wins.
        var (_, again) = await registrar.GetPageAsync($"/campaigns/{campaignId}");
        await registrar.PostFormAsync($"/campaigns/{campaignId}/identity-rule",
            [new("version", CorrectionSteps.VersionOn(again, "form.identity-rule-form").ToString()), new("forbid", "true"), new("forbid", "false")],
            $"/campaigns/{campaignId}");
        Assert.True(await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.ForbidNameAndIdNumberTogether).SingleAsync()));
    }

    [Fact]
    public async Task A_stale_version_does_not_overwrite_the_switch()
    {
        var campaignId = await factory.WithDbAsync(db => db.Campaigns.Where(c => c.ClosedAt == null).Select(c => c.Id).FirstAsync());
        var registrar = await _steps.RegistrarAsync();
        var (_, page) = await registrar.GetPageAsync($"/campaigns/{campaignId}");
        var version = CorrectionSteps.VersionOn(page, "form.identity-rule-form");
        var before = await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.ForbidNameAndIdNumberTogether).SingleAsync());

        var response = await registrar.PostFormAsync($"/campaigns/{campaignId}/identity-rule",
            [new("version", (version + 1).ToString()), new("forbid", before ? "false" : "true")], $"/campaigns/{campaignId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("刚刚被他人修改过", CorrectionSteps.Flash((await registrar.FollowAsync(response)).Page));
        Assert.Equal(before, await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.ForbidNameAndIdNumberTogether).SingleAsync()));
    }
}
