using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Setup;

namespace RegistryCheck.IntegrationTests.Admin;

/// <summary>A portal without demo data (so without any administrator) and with bootstrap settings.</summary>
public sealed class BootstrapPortalFactory : PortalFactory
{
    public const string UserName = "root";
    public const string Password = "Bootstrap-Pass-2026";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:SeedDemoData"] = "false",
        ["Bootstrap:AdminUserName"] = UserName,
        ["Bootstrap:AdminPassword"] = Password,
    };
}

/// <summary>Demo data (with its administrator) and bootstrap settings that must then do nothing.</summary>
public sealed class SeededBootstrapPortalFactory : PortalFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Bootstrap:AdminUserName"] = "intruder",
        ["Bootstrap:AdminPassword"] = "Intruder-Pass-2026",
    };
}

public class BootstrapTests
{
    [Fact]
    public async Task Without_an_administrator_the_configured_one_is_created_at_start_up()
    {
        using var factory = new BootstrapPortalFactory();
        using var client = factory.NewClient();

        var signIn = await client.SignInStaffAsync(BootstrapPortalFactory.UserName, BootstrapPortalFactory.Password);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/admin/staff")).Response.StatusCode);
        var audit = await factory.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.Action == "staff-changed"));
        Assert.DoesNotContain(BootstrapPortalFactory.Password, audit.Details);
    }

    [Fact]
    public async Task With_an_enabled_administrator_the_bootstrap_settings_do_nothing()
    {
        using var factory = new SeededBootstrapPortalFactory();
        using var client = factory.NewClient();

        await client.GetPageAsync("/account/staff-sign-in");

        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "intruder")));
    }

    [Fact]
    public async Task The_create_admin_command_creates_an_administrator_with_the_password_from_its_input()
    {
        using var factory = new PortalFactory();
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CreateAdminCommand.RunAsync(factory.Services, "ops", () => "Ops-Admin-Pass-2026", output, error);

        Assert.Equal(0, code);
        Assert.Contains("ops", output.ToString());
        Assert.DoesNotContain("Ops-Admin-Pass-2026", output.ToString() + error.ToString());
        using var client = factory.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInStaffAsync("ops", "Ops-Admin-Pass-2026")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/admin/audit")).Response.StatusCode);
    }

    [Fact]
    public async Task The_create_admin_command_promotes_and_re_enables_an_existing_staff_account()
    {
        using var factory = new PortalFactory();
        await factory.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == DemoAccounts.Registrar);
            user.IsDisabled = true;
            await db.SaveChangesAsync();
        });

        var code = await CreateAdminCommand.RunAsync(factory.Services, DemoAccounts.Registrar, () => "Promoted-Pass-2026", TextWriter.Null, TextWriter.Null);

        Assert.Equal(0, code);
        using var client = factory.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInStaffAsync(DemoAccounts.Registrar, "Promoted-Pass-2026")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/admin/staff")).Response.StatusCode);
        // Still a registrar too.
        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/campaigns")).Response.StatusCode);
    }

    [Fact]
    public async Task The_create_admin_command_refuses_a_weak_password_a_missing_one_and_a_student_account()
    {
        using var factory = new PortalFactory();
        var error = new StringWriter();

        var weak = await CreateAdminCommand.RunAsync(factory.Services, "weakling", () => "abc", TextWriter.Null, error);
        var missing = await CreateAdminCommand.RunAsync(factory.Services, "nobody", () => null, TextWriter.Null, error);
        var student = await CreateAdminCommand.RunAsync(factory.Services, DemoAccounts.Student1, () => "Student-Admin-2026", TextWriter.Null, error);

        Assert.Equal(1, weak);
        Assert.Equal(2, missing);
        Assert.Equal(1, student);
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "weakling" || u.UserName == "nobody")));
        var studentId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == DemoAccounts.Student1).Select(u => u.Id).SingleAsync());
        Assert.False(await factory.WithDbAsync(db => db.UserRoles.AnyAsync(r => r.UserId == studentId)));
    }

    [Fact]
    public void The_command_is_recognised_only_as_the_first_argument_and_its_name_is_not_passed_to_the_host()
    {
        Assert.True(CreateAdminCommand.IsRequested(["create-admin", "ops", "--Database:Provider=SqlServer"]));
        Assert.False(CreateAdminCommand.IsRequested(["--urls", "http://localhost:5080"]));
        Assert.Equal(["--Database:Provider=SqlServer"], CreateAdminCommand.HostArgs(["create-admin", "ops", "--Database:Provider=SqlServer"]));
    }
}
