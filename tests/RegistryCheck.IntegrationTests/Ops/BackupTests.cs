using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Database;
using RegistryCheck.Web.Infrastructure.Setup;

namespace RegistryCheck.IntegrationTests.Ops;

/// <summary>Issue 16: a consistent SQLite copy taken while the portal writes, restored into a fresh portal.</summary>
public class BackupTests
{
    [SkippableFact]
    public async Task A_backup_taken_under_write_load_restores_into_a_fresh_portal_with_the_same_students_reports_and_audit_log()
    {
        Skip.IfNot(string.IsNullOrEmpty(PortalFactory.PostgresServer), "The backup action copies SQLite; PostgreSQL uses pg_dump (the refusal is tested below).");
        using var source = new PortalFactory();
        var (student, client) = await TestStudents.SignedInAsync(source);
        using var owned = client;
        var steps = new CorrectionSteps(source);
        var reportId = await steps.ReportAsync(client, student.Id, RecordField.Ethnicity, "回族", "户口本为回族", [("Evidence", "户口本.png", CorrectionSteps.EvidencePng, "image/png")]);
        var before = await source.WithDbAsync(async db => (await db.AuditLog.MaxAsync(a => a.Id), await db.Students.CountAsync()));

        // Write load: audit rows and record views go on being written while the administrator backs up.
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await source.WithDbAsync(async db =>
                {
                    db.AuditLog.Add(new AuditEntry { At = DateTime.UtcNow, Action = "load-test", Details = $"n={writes}" });
                    await db.SaveChangesAsync();
                });
                Interlocked.Increment(ref writes);
                _ = await client.Http.GetAsync("/me");
            }
        });
        await Task.Delay(300);
        using var admin = await new CorrectionSteps(source).StaffAsync(DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var (_, form) = await admin.GetPageAsync("/admin/backup");
        var response = await admin.Http.PostAsync("/admin/backup", new FormUrlEncodedContent([new("__RequestVerificationToken", PortalClient.Token(form))]));
        var page = await response.Content.ReadAsStringAsync();
        stop.Cancel();
        await load;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("备份已完成，完整性检查通过。", page);
        Assert.True(writes > 0, "the load wrote nothing");
        var path = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page).QuerySelector(".backup-path")!.TextContent.Trim();
        Assert.StartsWith(Path.Combine(source.DataFolder, "backups"), path);
        Assert.Equal(1, await source.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "database-backup" && a.Succeeded)));

        // Restore as docs/operations.md says: the copy becomes registrycheck.db of an empty data folder.
        var restoredFolder = Path.Combine(Path.GetTempPath(), "registrycheck-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(restoredFolder);
        File.Copy(path, Path.Combine(restoredFolder, "registrycheck.db"));
        try
        {
            using var restored = new SharedFolderFactory(restoredFolder);
            using var again = restored.NewClient();
            Assert.Equal(HttpStatusCode.Redirect, (await again.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026")).StatusCode);
            var (_, me) = await again.GetPageAsync("/me");
            Assert.Contains("回族", me.QuerySelector("#reports")?.TextContent ?? me.Body!.TextContent);
            var evidence = await restored.WithDbAsync(db => db.ReportEvidence.Where(e => e.ReportId == reportId).Select(e => e.Content).SingleAsync());
            Assert.Equal(CorrectionSteps.EvidencePng, evidence);
            Assert.Equal(before.Item2, await restored.WithDbAsync(db => db.Students.CountAsync()));
            // Every audit row written before the backup began is in the copy, in order and without gaps.
            var restoredIds = await restored.WithDbAsync(db => db.AuditLog.Where(a => a.Id <= before.Item1).Select(a => a.Id).ToListAsync());
            var sourceIds = await source.WithDbAsync(db => db.AuditLog.Where(a => a.Id <= before.Item1).Select(a => a.Id).ToListAsync());
            Assert.Equal(sourceIds, restoredIds);
            using var restoredAdmin = await new CorrectionSteps(restored).StaffAsync(DemoAccounts.Admin, DemoAccounts.AdminPassword);
            var (auditResponse, audit) = await restoredAdmin.GetPageAsync("/admin/audit");
            Assert.Equal(HttpStatusCode.OK, auditResponse.StatusCode);
            Assert.Contains("提交错误报告", audit.Body!.TextContent);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(restoredFolder, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS's temp clean-up.
            }
        }
    }

    [SkippableFact]
    public async Task The_backup_command_writes_a_checked_copy_where_it_says_and_refuses_an_existing_file()
    {
        Skip.IfNot(string.IsNullOrEmpty(PortalFactory.PostgresServer), "SQLite only; PostgreSQL's refusal is tested below.");
        using var portal = new PortalFactory();
        _ = portal.Services;
        var target = Path.Combine(portal.DataFolder, "copy.db");
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await BackupCommand.RunAsync(portal.Services, target, output, error));
        Assert.Contains(target, output.ToString());
        Assert.Contains("integrity_check: ok", output.ToString());
        Assert.True(new FileInfo(target).Length > 0);
        Assert.Equal(1, await BackupCommand.RunAsync(portal.Services, target, output, error));
        Assert.Contains("exists already", error.ToString());
    }

    [Theory]
    [InlineData(DatabaseProvider.PostgreSql, "pg_dump")]
    [InlineData(DatabaseProvider.SqlServer, "BACKUP DATABASE")]
    public async Task On_a_server_database_the_backup_says_which_tool_to_use(DatabaseProvider provider, string tool)
    {
        var database = new ResolvedDatabase(new DatabaseOptions { Provider = provider }, "Host=unused");
        var backup = new DatabaseBackup(database, TimeProvider.System, NullLogger<DatabaseBackup>.Instance);
        var result = await backup.RunAsync(null, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Null(result.Path);
        Assert.Contains(tool, result.Message);
    }
}
