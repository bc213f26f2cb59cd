using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Batches;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Notifications;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>The college administrators' reminder before the summary deadline (汇总截止), issue 17.</summary>
public sealed class SummaryReminderTests
{
    [Fact]
    public async Task Each_enabled_admin_of_a_college_that_has_not_handed_in_gets_one_email_per_step_across_two_instances()
    {
        using var smtp = SmtpTestServer.Start();
        var settings = NotifyingPortal.With(smtp.Settings(), worker: false);
        settings["Notifications:Reminders:SummaryDaysBefore"] = "3,1";
        settings["Notifications:Reminders:IntervalSeconds"] = "3600";
        using var first = new NotifyingPortal(settings);
        var campaignId = await OpenCampaignAsync(first);
        var econ = await BatchKit.CollegeIdAsync(first, BatchKit.EconomicsClass);
        var computing = await BatchKit.CollegeIdAsync(first, BatchKit.ComputingClass);
        await BatchKit.VerifiedReportAsync(first);
        await BatchKit.VerifiedReportAsync(first);
        var handedIn = await BatchKit.VerifiedReportAsync(first, BatchKit.ComputingClass);
        await BatchKit.VerifiedReportAsync(first, BatchKit.ComputingClass);
        var english = await AddCollegeAdminAsync(first, "college-en", econ, disabled: false, language: "en");
        var disabled = await AddCollegeAdminAsync(first, "college-off", econ, disabled: true, language: null);
        var (waiting, college) = await first.WithDbAsync(async db =>
        {
            var now = first.Clock.GetUtcNow().UtcDateTime;
            var campaign = await db.Campaigns.SingleAsync(c => c.Id == campaignId);
            campaign.SummaryDeadline = now.AddDays(2);
            // 信息学院 handed in one batch; a report verified since still waits, but the college has submitted.
            var batch = new CollegeBatch
            {
                CollegeId = computing, CampaignId = campaignId, Sequence = 1, Status = BatchStatus.Submitted, Kind = BatchKind.Reports,
                CreatedAt = now, SubmittedAt = now,
            };
            db.Batches.Add(batch);
            await db.SaveChangesAsync();
            await db.Reports.Where(r => r.Id == handedIn).ExecuteUpdateAsync(r => r.SetProperty(x => x.BatchId, batch.Id).SetProperty(x => x.Status, ReportStatus.InBatch));
            var count = await db.Reports.CountAsync(r => r.CampaignId == campaignId && r.Status == ReportStatus.Verified && r.Student.CollegeId == econ);
            var admin = await db.Users.SingleAsync(u => u.UserName == DemoAccounts.College);
            return (count, admin);
        });
        Assert.True(waiting >= 2);
        using var second = new NotifyingPortal(settings, first.DataFolder);

        var written = await Task.WhenAll(RunAsync(first), RunAsync(second), RunAsync(first), RunAsync(second));
        Assert.Equal(2, written.Sum());
        var rows = await first.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == MessageKind.SummaryReminder).OrderBy(m => m.Id).ToListAsync());
        Assert.Equal(
            [$"reminder:summary:{campaignId}:3:{econ}:{college.Id}", $"reminder:summary:{campaignId}:3:{econ}:{english}"],
            rows.Select(m => m.DedupKey!).Order(StringComparer.Ordinal));
        Assert.All(rows, m => Assert.Equal((MessageChannel.Email, (int?)null, campaignId), (m.Channel, m.StudentId, m.CampaignId!.Value)));
        Assert.DoesNotContain(rows, m => m.UserId == disabled);
        Assert.Equal(0, (await Task.WhenAll(RunAsync(first), RunAsync(second))).Sum());

        await EmailDeliveryTests.RunAsync(first);
        var mails = await smtp.WaitForAsync(2);
        var zh = Assert.Single(mails, m => m.To.SequenceEqual(["college@example.edu.cn"]));
        Assert.Equal("学院汇总即将截止", zh.Message.Subject);
        var zhBody = Assert.IsType<TextPart>(zh.Message.Body).Text;
        Assert.Contains($"本学院有 {waiting} 条辅导员已核实的报告尚未报送学籍管理科", zhBody);
        Assert.Contains("https://xjhd.example.edu.cn/batches/college", zhBody);
        var en = Assert.Single(mails, m => m.To.SequenceEqual(["college-en@example.edu.cn"]));
        Assert.Equal("College summary deadline approaching", en.Message.Subject);
        Assert.Contains($"Your college has {waiting} reports verified by counselors", Assert.IsType<TextPart>(en.Message.Body).Text);
        Assert.DoesNotContain(mails, m => m.To.Contains("college2@example.edu.cn") || m.To.Contains("college-off@example.edu.cn"));

        // A day and a half later the 1-day step is due: one more each, the 3-day step still once.
        first.Clock.Advance(TimeSpan.FromHours(36));
        second.Clock.Advance(TimeSpan.FromHours(36));
        Assert.Equal(2, (await Task.WhenAll(RunAsync(first), RunAsync(second), RunAsync(second))).Sum());
        var keys = await first.WithDbAsync(db => db.Outbox.Where(m => m.Kind == MessageKind.SummaryReminder).Select(m => m.DedupKey!).ToListAsync());
        Assert.Equal(2, keys.Count(k => k.Split(':')[3] == "1"));
        Assert.Equal(2, keys.Count(k => k.Split(':')[3] == "3"));
    }

    [Fact]
    public async Task No_reminder_without_steps_or_once_the_college_submitted()
    {
        using var smtp = SmtpTestServer.Start();
        var settings = NotifyingPortal.With(smtp.Settings(), worker: false);
        using var portal = new NotifyingPortal(settings);
        var campaignId = await OpenCampaignAsync(portal);
        await BatchKit.VerifiedReportAsync(portal);
        await portal.WithDbAsync(async db =>
        {
            var campaign = await db.Campaigns.SingleAsync(c => c.Id == campaignId);
            campaign.SummaryDeadline = portal.Clock.GetUtcNow().UtcDateTime.AddDays(1);
            await db.SaveChangesAsync();
        });
        // No setting and no campaign row: off.
        Assert.Equal(0, await RunAsync(portal));

        // The campaign's own steps switch it on; a 零报告 or a submitted batch counts as handed in.
        await portal.WithDbAsync(async db =>
        {
            db.CampaignMessaging.Add(new CampaignMessaging { CampaignId = campaignId, SummaryReminderDaysBefore = "2" });
            var econ = await db.Classes.Where(c => c.Name == BatchKit.EconomicsClass).Select(c => c.CollegeId).FirstAsync();
            var now = portal.Clock.GetUtcNow().UtcDateTime;
            db.Batches.Add(new CollegeBatch
            {
                CollegeId = econ, CampaignId = campaignId, Sequence = 1, Status = BatchStatus.Submitted, Kind = BatchKind.Reports, CreatedAt = now, SubmittedAt = now,
            });
            await db.SaveChangesAsync();
        });
        Assert.Equal(0, await RunAsync(portal));
        Assert.Equal(0, await portal.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == MessageKind.SummaryReminder)));
    }

    [Theory]
    [InlineData(2.5, 3)]
    [InlineData(1.0, 1)]
    [InlineData(0.5, 1)]
    [InlineData(3.5, null)]
    [InlineData(-0.5, null)]
    public void The_deadline_falls_in_the_window_of_one_step(double daysAhead, int? step)
    {
        var now = new DateTime(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc);
        Assert.Equal(step, SummaryReminders.StepOf([3, 1], now.AddDays(daysAhead), now));
    }

    private static Task<int> OpenCampaignAsync(PortalFactory portal) =>
        portal.WithDbAsync(db => db.Campaigns.Where(c => c.ClosedAt == null).Select(c => c.Id).SingleAsync());

    private static async Task<int> RunAsync(PortalFactory portal)
    {
        await Task.Yield();
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeadlineReminders>().RunAsync(CancellationToken.None);
    }

    private static async Task<int> AddCollegeAdminAsync(PortalFactory portal, string userName, int collegeId, bool disabled, string? language)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = userName, DisplayName = userName, Email = userName + "@example.edu.cn", IsDisabled = disabled, Language = language,
            CreatedAt = portal.Clock.GetUtcNow().UtcDateTime,
        };
        Assert.True((await users.CreateAsync(user, "Test-Pass-2026!")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.CollegeAdmin)).Succeeded);
        await portal.WithDbAsync(async db =>
        {
            db.StaffScopes.Add(new StaffScope { UserId = user.Id, CollegeId = collegeId });
            await db.SaveChangesAsync();
        });
        return user.Id;
    }
}
