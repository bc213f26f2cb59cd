using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Seeding;

namespace RegistryCheck.Web.Infrastructure.Setup;

public sealed record BootstrapResult(bool Succeeded, string Message);

/// <summary>
/// The first administrator, never from a password in the repository. Creates the account, or promotes and
/// re-enables an existing staff account, with a password checked by Identity's rules. Used by start-up
/// configuration (Bootstrap:AdminUserName / Bootstrap:AdminPassword) and by the create-admin command.
/// Messages and logs carry the user name, never the password.
/// </summary>
public sealed class AdministratorBootstrap(
    RegistryDbContext db, UserManager<AppUser> users, RoleManager<AppRole> roles, AuditLog audit, TimeProvider time,
    ILogger<AdministratorBootstrap> logger)
{
    public Task<bool> ActiveAdministratorExistsAsync(CancellationToken ct = default) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         join u in db.Users on ur.UserId equals u.Id
         where r.Name == Roles.Administrator && !u.IsDisabled && u.StudentId == null
         select u.Id).AnyAsync(ct);

    public async Task<BootstrapResult> CreateOrPromoteAsync(string userName, string password, string how, CancellationToken ct = default)
    {
        userName = userName.Trim();
        if (string.IsNullOrEmpty(userName))
        {
            return new(false, "The user name is empty.");
        }

        if (string.IsNullOrEmpty(password))
        {
            return new(false, "The password is empty.");
        }

        await RoleBootstrap.EnsureRolesAsync(roles);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await users.FindByNameAsync(userName);
        IdentityResult result;
        bool created;
        if (user is null)
        {
            created = true;
            user = new AppUser { UserName = userName, DisplayName = userName, CreatedAt = time.GetUtcNow().UtcDateTime, LockoutEnabled = false };
            result = await users.CreateAsync(user, password);
        }
        else if (user.StudentId is not null)
        {
            return new(false, $"'{userName}' is a student account and cannot become an administrator.");
        }
        else
        {
            created = false;
            result = await PromoteAsync(user, password, how);
        }

        if (result.Succeeded && !await users.IsInRoleAsync(user, Roles.Administrator))
        {
            result = await users.AddToRoleAsync(user, Roles.Administrator);
        }

        if (!result.Succeeded)
        {
            return new(false, string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        audit.Add(AuditActions.StaffChanged, "user", user.Id, $"{(created ? "created" : "promoted")} administrator by {how}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogWarning("Administrator {UserName} {Change} by {How}", userName, created ? "created" : "promoted", how);
        return new(true, created ? $"Administrator '{userName}' created." : $"'{userName}' is now an enabled administrator with the new password.");
    }

    /// <summary>An existing staff account: enabled again, with the new password.</summary>
    private async Task<IdentityResult> PromoteAsync(AppUser user, string password, string how)
    {
        user.IsDisabled = false;
        // The server operator proves control of the server: a lost authenticator of this administrator is reset too.
        if (user.TwoFactorEnabled)
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
            audit.Add(AuditActions.TwoFactorReset, "user", user.Id, $"by {how}");
        }

        user.MustChangePassword = false;
        var removed = await users.RemovePasswordAsync(user);
        return removed.Succeeded ? await users.AddPasswordAsync(user, password) : removed;
    }
}

/// <summary>
/// Start-up: when Bootstrap:AdminUserName and Bootstrap:AdminPassword are set (environment variables
/// Bootstrap__AdminUserName / Bootstrap__AdminPassword) and no enabled administrator exists, create it.
/// Once an administrator exists the settings do nothing, so leaving them set cannot reset a password later.
/// </summary>
public static class StartupAdministrator
{
    public static async Task BootstrapAdministratorAsync(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var userName = configuration["Bootstrap:AdminUserName"];
        var password = configuration["Bootstrap:AdminPassword"];
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("RegistryCheck.Bootstrap");
        try
        {
            await using var scope = services.CreateAsyncScope();
            var bootstrap = scope.ServiceProvider.GetRequiredService<AdministratorBootstrap>();
            if (await bootstrap.ActiveAdministratorExistsAsync())
            {
                logger.LogInformation("Bootstrap settings ignored: an enabled administrator exists");
                return;
            }

            var result = await bootstrap.CreateOrPromoteAsync(userName, password, "configuration");
            if (!result.Succeeded)
            {
                logger.LogError("Bootstrap administrator {UserName} not created: {Reason}", userName, result.Message);
            }
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(ex, "Bootstrap administrator {UserName} not created: the database is not ready", userName);
        }
    }
}
