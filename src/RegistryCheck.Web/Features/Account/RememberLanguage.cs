using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Account;

/// <summary>
/// The language a signed-in person picks is kept on the account too (issue 17), so a message sent later — a
/// reminder, a decision — speaks it; the cookie alone would only cover this browser.
/// </summary>
public sealed class RememberLanguageHandler(RegistryDbContext db)
{
    public async Task HandleAsync(ClaimsPrincipal user, string culture, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var id = user.GetUserId();
        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, culture), ct);
    }
}
