using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Admin;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>
/// Issue 16: two administrators demoting or disabling each other at the same moment could leave none. Real parallel
/// requests of two signed-in administrators, round after round (docs/security.md T32). A fresh portal per test.
/// </summary>
public sealed class LastAdministratorRaceTests : IDisposable
{
    private const string SecondAdmin = "admin2";
    private const string SecondPassword = "Second-Admin-2026";
    private const int Rounds = 12;

    private readonly PortalFactory _factory = new();

    [Fact]
    public async Task Two_administrators_demoting_or_disabling_each_other_at_once_always_leave_exactly_one_and_no_request_fails()
    {
        var (first, second) = await TwoAdministratorsAsync();
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < Rounds; round++)
        {
            using var a = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
            using var b = await AdminTestData.StaffAsync(_factory, SecondAdmin, SecondPassword);
            var tokenA = await a.TokenFromAsync($"/admin/staff/{second}");
            var tokenB = await b.TokenFromAsync($"/admin/staff/{first}");

            // Both leave together: demote/demote, disable/disable, then one of each.
            var both = await Task.WhenAll(
                TakeAwayAsync(a, tokenA, second, disable: round % 3 == 1),
                TakeAwayAsync(b, tokenB, first, disable: round % 3 != 0));
            statuses.AddRange(both);

            var active = await ActiveAdministratorsAsync();
            Assert.True(active.Count == 1, $"round {round}: {active.Count} enabled administrators remain");
            await RestoreAsync(first, second);
        }

        Assert.DoesNotContain(statuses, s => (int)s >= 500);
    }

    private async Task<(int First, int Second)> TwoAdministratorsAsync()
    {
        using var admin = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var created = await admin.PostAsync("/admin/staff/new", "/admin/staff/new",
            ("UserName", SecondAdmin), ("DisplayName", "第二管理员"), ("Password", SecondPassword), ("Roles", Roles.Administrator));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return (await UserIdAsync(DemoAccounts.Admin), await UserIdAsync(SecondAdmin));
    }

    private static async Task<HttpStatusCode> TakeAwayAsync(PortalClient client, string token, int target, bool disable)
    {
        IEnumerable<KeyValuePair<string, string>> fields = disable
            ? [new("__RequestVerificationToken", token)]
            : [new("__RequestVerificationToken", token), new("DisplayName", "被降级的管理员"), new("Roles", Roles.Registrar)];
        using var response = await client.Http.PostAsync(disable ? $"/admin/staff/{target}/disable" : $"/admin/staff/{target}",
            new FormUrlEncodedContent(fields));
        return response.StatusCode;
    }

    private Task<List<AppUser>> ActiveAdministratorsAsync() => _factory.WithDbAsync(db =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         join u in db.Users on ur.UserId equals u.Id
         where r.Name == Roles.Administrator && !u.IsDisabled
         select u).AsNoTracking().ToListAsync());

    /// <summary>Both back to enabled administrators for the next round (arranged in the database).</summary>
    private Task RestoreAsync(params int[] ids) => _factory.WithDbAsync(async db =>
    {
        var role = await db.Roles.Where(r => r.Name == Roles.Administrator).Select(r => r.Id).SingleAsync();
        foreach (var id in ids)
        {
            await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, false));
            if (!await db.UserRoles.AnyAsync(ur => ur.UserId == id && ur.RoleId == role))
            {
                db.UserRoles.Add(new IdentityUserRole<int> { UserId = id, RoleId = role });
            }

            await db.UserRoles.Where(ur => ur.UserId == id && ur.RoleId != role).ExecuteDeleteAsync();
        }

        await db.SaveChangesAsync();
    });

    private Task<int> UserIdAsync(string userName) =>
        _factory.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    public void Dispose() => _factory.Dispose();
}
