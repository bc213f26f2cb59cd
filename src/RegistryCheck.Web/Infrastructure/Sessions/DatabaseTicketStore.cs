using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Sessions;

/// <summary>
/// The application cookie's session store (ADR-012): the cookie holds a random key, the ticket is a row of
/// <c>UserSessions</c>. Every instance reads the same table, so deleting a row — sign-out, an administrator's "end all
/// sessions", the person's own "end this session", CAS single logout — ends that session everywhere at the next request,
/// where a self-contained cookie stayed valid until it expired.
/// Reads go through the request's own (pooled) context, no tracking; writes use a context of their own, so a sign-in
/// never saves half of the caller's unit of work.
/// </summary>
public sealed class DatabaseTicketStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider time) : ITicketStore
{
    /// <summary>HttpContext.Items key of the current request's session key (for "this device" in the session list).</summary>
    public const string CurrentKeyItem = "rc:session-key";

    /// <summary>AuthenticationProperties items a sign-in sets to describe its session.</summary>
    public const string MethodItem = "rc:method";
    public const string SsoSessionItem = "rc:sso-session";

    private readonly IDataProtector _protector = protection.CreateProtector("RegistryCheck.UserSessions.v1");

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var userId = int.Parse(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A session needs a user id."), System.Globalization.CultureInfo.InvariantCulture);
        var key = WebEncoders(RandomNumberGenerator.GetBytes(32));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        // Tidy as we go: this user's expired rows (a sign-in is rare next to reads, and touches one user's few rows).
        await db.UserSessions.Where(s => s.UserId == userId && s.ExpiresAt < now).ExecuteDeleteAsync(CancellationToken.None);
        db.UserSessions.Add(new UserSession
        {
            Key = key,
            UserId = userId,
            Ticket = Protect(ticket),
            CreatedAt = now,
            LastRenewedAt = now,
            ExpiresAt = ExpiryOf(ticket, now),
            Method = ticket.Properties.Items.TryGetValue(MethodItem, out var method) && method is not null ? method : "password",
            SsoSessionHash = ticket.Properties.Items.TryGetValue(SsoSessionItem, out var sso) ? sso : null,
            IpAddress = Truncate(httpContext?.Connection.RemoteIpAddress?.ToString(), 64),
            UserAgent = Truncate(httpContext?.Request.Headers.UserAgent.ToString(), 256),
        });
        await db.SaveChangesAsync(CancellationToken.None);
        if (httpContext is not null)
        {
            httpContext.Items[CurrentKeyItem] = key;
        }

        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewAsync(key, ticket, null, cancellationToken);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var bytes = Protect(ticket);
        var expires = ExpiryOf(ticket, now);
        if (httpContext is not null)
        {
            // The request's own context: a renewal happens as the response starts, while the page's context may still
            // hold its pooled connection (the record page keeps it open). A second scope would need a second
            // connection per request, and with every connection of the pool held by requests waiting for one, all of
            // them waited out the pool timeout (the 64-client PostgreSQL bench run, docs/performance.md).
            await RenewInAsync(httpContext.RequestServices.GetRequiredService<RegistryDbContext>(), key, bytes, expires, now);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await RenewInAsync(scope.ServiceProvider.GetRequiredService<RegistryDbContext>(), key, bytes, expires, now);
    }

    // An update, never an insert: a session ended meanwhile on another instance stays ended.
    private static Task RenewInAsync(RegistryDbContext db, string key, byte[] bytes, DateTime expires, DateTime now) =>
        db.UserSessions.Where(s => s.Key == key)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Ticket, bytes).SetProperty(s => s.ExpiresAt, expires).SetProperty(s => s.LastRenewedAt, now), CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        byte[]? bytes;
        if (httpContext is not null)
        {
            var db = httpContext.RequestServices.GetRequiredService<RegistryDbContext>();
            bytes = await FindAsync(db, key, now, cancellationToken);
            httpContext.Items[CurrentKeyItem] = key;
        }
        else
        {
            await using var scope = scopes.CreateAsyncScope();
            bytes = await FindAsync(scope.ServiceProvider.GetRequiredService<RegistryDbContext>(), key, now, cancellationToken);
        }

        return bytes is null ? null : Unprotect(bytes);
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null, cancellationToken);

    public async Task RemoveAsync(string key, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        await db.UserSessions.Where(s => s.Key == key).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>
    /// Runs on every signed-in request: compiled once, so EF does not walk and cache-match the expression tree each time
    /// (that was about a fifth of the lookup in a profile of /me, docs/performance.md).
    /// </summary>
    private static readonly Func<RegistryDbContext, string, DateTime, CancellationToken, Task<byte[]?>> FindQuery =
        EF.CompileAsyncQuery((RegistryDbContext db, string key, DateTime now, CancellationToken ct) =>
            db.UserSessions.AsNoTracking().Where(s => s.Key == key && s.ExpiresAt > now).Select(s => s.Ticket).FirstOrDefault());

    private static Task<byte[]?> FindAsync(RegistryDbContext db, string key, DateTime now, CancellationToken ct) => FindQuery(db, key, now, ct);

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));

    private AuthenticationTicket? Unprotect(byte[] bytes)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(bytes));
        }
        catch (CryptographicException)
        {
            // A row written under a key ring this instance cannot read (a restored backup, say): treated as signed out.
            return null;
        }
    }

    private static DateTime ExpiryOf(AuthenticationTicket ticket, DateTime now) =>
        ticket.Properties.ExpiresUtc?.UtcDateTime ?? now.AddHours(8);

    private static string WebEncoders(byte[] bytes) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes);

    private static string? Truncate(string? value, int max) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= max ? value : value[..max];
}
