using Microsoft.AspNetCore.Identity;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Seeding;

/// <summary>The staff roles exist in every database, demo or not.</summary>
public static class RoleBootstrap
{
    public static async Task EnsureRolesAsync(RoleManager<AppRole> roles)
    {
        foreach (var name in Roles.Staff)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                await roles.CreateAsync(new AppRole { Name = name });
            }
        }
    }
}
