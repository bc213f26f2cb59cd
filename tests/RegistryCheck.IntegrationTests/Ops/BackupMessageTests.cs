using RegistryCheck.IntegrationTests.Admin;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Ops;

/// <summary>The administrator's backup page says why a backup failed in the administrator's language (issue 16).</summary>
public sealed class BackupMessageTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    [SkippableFact]
    public async Task A_backup_that_cannot_be_written_is_explained_on_the_page_in_chinese_and_in_english()
    {
        Skip.If(!string.IsNullOrEmpty(PortalFactory.PostgresServer), "The backup page copies the embedded SQLite database only");
        using var admin = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        // A file where the backups folder belongs: the copy cannot be written.
        await File.WriteAllTextAsync(Path.Combine(_factory.DataFolder, "backups"), "not a folder");

        var (_, chinese) = await admin.FollowAsync(await admin.PostAsync("/admin/backup", "/admin/backup"));
        await admin.PostFormAsync("/account/language", [new("culture", "en"), new("returnUrl", "/admin/backup")], "/admin/backup");
        var (_, english) = await admin.FollowAsync(await admin.PostAsync("/admin/backup", "/admin/backup"));

        Assert.StartsWith("备份失败：写出副本", chinese.QuerySelector(".flash.error")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("Backup failed: Writing the copy", english.QuerySelector(".flash.error")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();
}
