using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Seeding;
using static RegistryCheck.IntegrationTests.Tracking.TrackingKit;

namespace RegistryCheck.IntegrationTests.Tracking;

/// <summary>The demo as README's reader gets it: the notice's situation (issue 15), a campaign in progress.</summary>
public class DemoProgressTests
{
    /// <summary>The demo with its campaign in progress, as <c>dotnet run</c> seeds it (the other tests turn it off).</summary>
    public sealed class DemoFactory : PortalFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:SeedDemoProgress"] = "true" };
    }

    [Fact]
    public async Task The_demo_has_two_campaigns_of_one_cohort_with_different_xuexin_states_and_students_at_every_state()
    {
        using var factory = new DemoFactory();
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var campaigns = await factory.WithDbAsync(db => db.Campaigns.AsNoTracking().Include(c => c.IntakeTypes).Where(c => c.ClosedAt == null).ToListAsync());
        Assert.Equal(2, campaigns.Count);
        Assert.All(campaigns, c => Assert.Equal(DemoSeeder.DemoCohort, c.Cohort));
        var upgrade = Assert.Single(campaigns, c => c.Name == DemoProgress.UpgradeCampaign);
        var regular = Assert.Single(campaigns, c => c.Name != DemoProgress.UpgradeCampaign);
        Assert.NotNull(upgrade.XuexinOpenedAt);
        Assert.Null(regular.XuexinOpenedAt);
        Assert.NotNull(regular.XuexinOpensAt);
        Assert.Equal([IntakeTypes.UpgradeToBachelor], upgrade.IntakeTypes.Select(t => t.IntakeType));
        Assert.False(upgrade.TargetsRemainingTypes);
        Assert.True(regular.TargetsRemainingTypes);

        var upgradeStudents = await factory.WithDbAsync(db => db.StudentChecks.AsNoTracking().Where(c => c.Student.Class.Name == DemoProgress.UpgradeClass)
            .Select(c => new { c.CampaignId, c.Student.IntakeType, c.Student.LengthOfStudyTenths, College = c.Student.College.Name, c.XuexinState, c.State })
            .ToListAsync());
        Assert.True(upgradeStudents.Count >= 6);
        Assert.All(upgradeStudents, s => Assert.Equal((upgrade.Id, IntakeTypes.UpgradeToBachelor, 20, EconCollege), (s.CampaignId, s.IntakeType, s.LengthOfStudyTenths, s.College)));
        Assert.Equal(Enum.GetValues<XuexinState>().Order(), upgradeStudents.Select(s => s.XuexinState).Distinct().Order());
        Assert.Equal([CheckState.NotViewed, CheckState.Viewed, CheckState.Confirmed, CheckState.Reported], upgradeStudents.Select(s => s.State).Distinct().Order());

        var regularStates = await factory.WithDbAsync(db => db.StudentChecks.AsNoTracking().Where(c => c.CampaignId == regular.Id)
            .Select(c => new { c.State, c.IsExempt, c.XuexinState }).ToListAsync());
        Assert.Equal(Enum.GetValues<CheckState>().Order(), regularStates.Select(s => s.State).Distinct().Order());
        Assert.Contains(regularStates, s => s.IsExempt);
        Assert.All(regularStates, s => Assert.Equal(XuexinState.NotChecked, s.XuexinState));
        // The reports behind the Reported and Resolved states, with where they were seen (one 学信网-only, verified).
        var reports = await factory.WithDbAsync(db => db.Reports.AsNoTracking().Select(r => new { r.CampaignId, r.SeenOn, r.Status, r.Field }).ToListAsync());
        Assert.Contains(reports, r => r.CampaignId == upgrade.Id && r.SeenOn == SeenOn.Xuexin && r.Status == ReportStatus.Verified);
        Assert.Contains(reports, r => r.CampaignId == upgrade.Id && r.SeenOn == SeenOn.Xuexin && r.Field == RecordField.Photo);
        Assert.Contains(reports, r => r.CampaignId == upgrade.Id && r.SeenOn == SeenOn.Both);

        // README's students are untouched: not viewed, and their initial passwords work.
        foreach (var (number, initial) in new[] { (DemoAccounts.Student1, DemoAccounts.Student1Initial), (DemoAccounts.Student2, DemoAccounts.Student2Initial) })
        {
            Assert.Equal(CheckState.NotViewed, await factory.WithDbAsync(db => db.StudentChecks.Where(c => c.Student.StudentNumber == number).Select(c => c.State).SingleAsync()));
            using var student = factory.NewClient();
            await student.SignInStudentWithOwnPasswordAsync(number, initial);
        }

        // The counselor's scope takes the 专升本 class: it is in the counselor's overview of the 专升本 campaign.
        var upgradeClass = await ClassIdAsync(factory, DemoProgress.UpgradeClass);
        var (response, overview) = await counselor.GetPageAsync($"/tracking?campaign={upgrade.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(upgradeStudents.Count, Row(overview, $"class-{upgradeClass}").Total);
        using var college = await StaffAsync(factory, DemoAccounts.College, DemoAccounts.CollegePassword);
        (response, _) = await college.GetPageAsync($"/tracking/classes/{upgradeClass}?campaign={upgrade.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Seeding again (a restart) changes nothing.
        var before = await factory.WithDbAsync(db => db.Students.CountAsync());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }

        Assert.Equal(before, await factory.WithDbAsync(db => db.Students.CountAsync()));
        Assert.Equal(2, await factory.WithDbAsync(db => db.Campaigns.CountAsync()));
    }
}
