using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.IntegrationTests.Tracking;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>
/// The outbox under several instances and a crash (issue 17). Run on PostgreSQL with REGISTRYCHECK_TEST_POSTGRES
/// (the two-instance test then shares one PostgreSQL database); the killed-process test uses the process's SQLite.
/// </summary>
public sealed class OutboxConcurrencyTests
{
    [Fact]
    public async Task Two_instances_on_one_database_send_each_message_exactly_once()
    {
        using var smtp = SmtpTestServer.Start(delaySeconds: 0.01);
        var settings = NotifyingPortal.With(smtp.Settings(), worker: false);
        settings["Notifications:Outbox:BatchSize"] = "5";
        using var first = new NotifyingPortal(settings);
        const int count = 60;
        for (var i = 0; i < count; i++)
        {
            await EmailDeliveryTests.EnqueueAsync(first, $"s{i}@stu.example.edu.cn", $"第{i}条");
        }

        using var second = new NotifyingPortal(settings, first.DataFolder);
        // Two rounds at a time in each instance: four claimers racing for the same rows.
        var claimed = await Task.WhenAll(DrainAsync(first), DrainAsync(first), DrainAsync(second), DrainAsync(second));

        var mails = smtp.Received();
        Assert.Equal(count, mails.Count);
        Assert.Equal(count, mails.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(count, mails.SelectMany(m => m.To).Distinct().Count());
        Assert.Equal(count, claimed.Sum());
        Assert.Equal(count, await first.WithDbAsync(db => db.Outbox.CountAsync(m => m.State == OutboxState.Sent && m.Attempts == 1)));
    }

    [Fact]
    public async Task A_portal_killed_mid_batch_loses_no_message_and_its_successor_sends_the_rest()
    {
        using var smtp = SmtpTestServer.Start(delaySeconds: 0.4);
        string[] settings =
        [
            .. smtp.Settings().Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}"),
            "--Notifications:Outbox:PollSeconds=0.1", "--Notifications:Outbox:LeaseSeconds=2", "--Notifications:Outbox:BatchSize=10",
            "--Portal:PublicOrigin=https://xjhd.example.edu.cn",
        ];
        using var portal = new PortalProcess();
        await portal.StartAsync(settings);
        var classId = Scalar(portal, $"SELECT Id FROM Classes WHERE Name = '{TrackingKit.Econ1}'");
        var counselor = await portal.StaffAsync(DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var plan = $"/tracking/classes/{classId}/message?state=all";
        var sent = await counselor.PostFormAsync($"/tracking/classes/{classId}/message?state=all", [new("Channel", "Email")], plan);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, sent.StatusCode);
        var total = Scalar(portal, "SELECT COUNT(*) FROM Outbox");
        Assert.Equal(10, total);

        await smtp.WaitForAsync(3);
        portal.Stop(); // SIGKILL, mid-batch: one message is in the server's DATA, the rest claimed and unsent
        var sentBeforeKill = Scalar(portal, $"SELECT COUNT(*) FROM Outbox WHERE State = {(int)OutboxState.Sent}");
        Assert.InRange(sentBeforeKill, 1, total - 1);
        Assert.True(Scalar(portal, $"SELECT COUNT(*) FROM Outbox WHERE State = {(int)OutboxState.Sending}") > 0, "the kill left no claimed row");

        using var successor = new PortalProcess(portal.Folder);
        await successor.StartAsync(settings);
        for (var i = 0; i < 200 && Scalar(successor, $"SELECT COUNT(*) FROM Outbox WHERE State = {(int)OutboxState.Sent}") < total; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(total, Scalar(successor, $"SELECT COUNT(*) FROM Outbox WHERE State = {(int)OutboxState.Sent}"));
        var mails = smtp.Received();
        var byRecipient = mails.SelectMany(m => m.To).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(total, byRecipient.Count);
        // At least once: only the message in flight at the kill may arrive twice (docs/notifications.md).
        Assert.True(mails.Count - total <= 1, $"{mails.Count - total} duplicates");
        successor.Stop();
    }

    /// <summary>Claims and sends until nothing is due; returns how many rows this loop claimed.</summary>
    private static async Task<int> DrainAsync(PortalFactory portal)
    {
        await Task.Yield();
        var total = 0;
        var idle = 0;
        while (idle < 3)
        {
            var n = await EmailDeliveryTests.RunAsync(portal);
            total += n;
            idle = n == 0 ? idle + 1 : 0;
            if (n == 0)
            {
                await Task.Delay(50);
            }
        }

        return total;
    }

    private static int Scalar(PortalProcess portal, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(portal.Folder, "registrycheck.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
