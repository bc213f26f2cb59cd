using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Notifications;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>Deadline reminders once per step and student, across two instances and a restart (issue 17).</summary>
public sealed class DeadlineReminderTests
{
    [Fact]
    public async Task Reminders_are_written_once_per_step_across_two_instances_and_a_restart()
    {
        using var smtp = SmtpTestServer.Start();
        var settings = NotifyingPortal.With(smtp.Settings(), worker: false);
        settings["Notifications:Reminders:DaysBefore"] = "3,1";
        settings["Notifications:Reminders:IntervalSeconds"] = "3600";
        using var first = new NotifyingPortal(settings);
        var expected = await first.WithDbAsync(async db =>
        {
            var campaign = await db.Campaigns.SingleAsync(c => c.ClosedAt == null);
            campaign.Deadline = first.Clock.GetUtcNow().UtcDateTime.AddDays(2);
            await db.SaveChangesAsync();
            return await db.StudentChecks.CountAsync(c => c.CampaignId == campaign.Id && !c.IsExempt
                && (c.State == CheckState.NotViewed || c.State == CheckState.Viewed) && c.Student.Email != null);
        });
        Assert.True(expected > 10, $"only {expected} not-done students in the demo");
        using var second = new NotifyingPortal(settings, first.DataFolder);

        var written = await Task.WhenAll(RunAsync(first), RunAsync(second), RunAsync(first), RunAsync(second));
        Assert.Equal(expected, written.Sum());
        Assert.Equal(expected, await CountAsync(first, "3"));
        Assert.Equal(0, (await Task.WhenAll(RunAsync(first), RunAsync(second))).Sum());

        using var restarted = new NotifyingPortal(settings, first.DataFolder);
        Assert.Equal(0, await RunAsync(restarted));
        // A day and a half later the 1-day step is due: one more each, the 3-day step still once.
        restarted.Clock.Advance(TimeSpan.FromHours(36));
        second.Clock.Advance(TimeSpan.FromHours(36));
        await Task.WhenAll(RunAsync(restarted), RunAsync(second));
        Assert.Equal(expected, await CountAsync(restarted, "1"));
        Assert.Equal(expected, await CountAsync(restarted, "3"));
        Assert.Equal(2 * expected, await restarted.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == MessageKind.DeadlineReminder)));
    }

    [Fact]
    public async Task Xuexin_reminders_start_when_the_check_is_opened_reach_who_has_not_recorded_it_and_are_written_once_across_two_instances()
    {
        using var smtp = SmtpTestServer.Start();
        var settings = NotifyingPortal.With(smtp.Settings(), worker: false);
        settings["Notifications:Reminders:XuexinDaysBefore"] = "3,1";
        settings["Notifications:Reminders:IntervalSeconds"] = "3600";
        using var first = new NotifyingPortal(settings);
        var now = first.Clock.GetUtcNow().UtcDateTime;
        var (campaignId, recorded) = await first.WithDbAsync(async db =>
        {
            var campaign = await db.Campaigns.SingleAsync(c => c.ClosedAt == null);
            campaign.Deadline = now.AddDays(20);
            campaign.XuexinDeadline = now.AddDays(2);
            var check = await db.StudentChecks.Where(c => c.CampaignId == campaign.Id && !c.IsExempt && c.Student.Email != null)
                .OrderBy(c => c.Id).FirstAsync();
            check.XuexinState = XuexinState.Correct;
            await db.SaveChangesAsync();
            return (campaign.Id, check.StudentId);
        });
        using var second = new NotifyingPortal(settings, first.DataFolder);
        // Not open yet: no 学信网 reminder.
        Assert.Equal(0, await RunAsync(first));

        var expected = await first.WithDbAsync(async db =>
        {
            var campaign = await db.Campaigns.SingleAsync(c => c.Id == campaignId);
            campaign.XuexinOpenedAt = now;
            await db.SaveChangesAsync();
            return await db.StudentChecks.CountAsync(c => c.CampaignId == campaignId && !c.IsExempt && c.XuexinState == XuexinState.NotChecked && c.Student.Email != null);
        });
        Assert.True(expected > 10, $"only {expected} students without a 学信网 result in the demo");
        var written = await Task.WhenAll(RunAsync(first), RunAsync(second), RunAsync(first), RunAsync(second));
        Assert.Equal(expected, written.Sum());
        Assert.Equal(0, (await Task.WhenAll(RunAsync(first), RunAsync(second))).Sum());
        var rows = await first.WithDbAsync(db => db.Outbox.Where(m => m.Kind == MessageKind.XuexinReminder).ToListAsync());
        Assert.Equal(expected, rows.Count);
        Assert.All(rows, m => Assert.StartsWith($"reminder:xuexin:{campaignId}:3:", m.DedupKey));
        Assert.DoesNotContain(rows, m => m.StudentId == recorded);
        Assert.Contains("学信网", rows[0].Body);
        Assert.Equal(0, await first.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == MessageKind.DeadlineReminder)));
    }

    [Fact]
    public void Steps_are_read_largest_first_and_nonsense_is_ignored() =>
        Assert.Equal([7, 3, 1], DeadlineReminders.ParseSteps("1, 3，7,x,0,99,3"));

    private static async Task<int> RunAsync(PortalFactory portal)
    {
        await Task.Yield();
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeadlineReminders>().RunAsync(CancellationToken.None);
    }

    /// <summary>Reminder rows of a step: the key is reminder:&lt;campaign&gt;:&lt;step&gt;:&lt;student&gt;.</summary>
    private static async Task<int> CountAsync(PortalFactory portal, string step)
    {
        var keys = await portal.WithDbAsync(db => db.Outbox.Where(m => m.Kind == MessageKind.DeadlineReminder).Select(m => m.DedupKey!).ToListAsync());
        Assert.Equal(keys.Count, keys.Distinct().Count());
        return keys.Count(k => k.Split(':')[2] == step);
    }
}
