using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>
/// The first attempt of a throttle key creates its row. Many requests can be first at once, so the insert is the
/// provider's "insert unless present", which never fails on a concurrent insert of the same key (EF's Add would
/// throw a unique violation for all but one of them).
/// </summary>
public static class ThrottleRows
{
    public static Task<int> InsertIfMissingAsync(RegistryDbContext db, string key, DateTime now, CancellationToken ct) =>
        db.Database.ProviderName switch
        {
            "Microsoft.EntityFrameworkCore.SqlServer" => db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO [SignInThrottles] ([Key], [FailedCount], [WindowStartedAt], [LockedUntil])
                SELECT {key}, 0, {now}, NULL
                WHERE NOT EXISTS (SELECT 1 FROM [SignInThrottles] WITH (UPDLOCK, HOLDLOCK) WHERE [Key] = {key})
                """, ct),
            // SQLite (3.24+) and PostgreSQL share the syntax.
            _ => db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "SignInThrottles" ("Key", "FailedCount", "WindowStartedAt", "LockedUntil")
                VALUES ({key}, 0, {now}, NULL)
                ON CONFLICT ("Key") DO NOTHING
                """, ct),
        };
}
