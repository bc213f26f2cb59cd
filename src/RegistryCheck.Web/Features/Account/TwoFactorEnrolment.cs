using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Account;

public sealed class TwoFactorCodeForm
{
    [Display(Name = "验证码")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(16, ErrorMessage = "{0}过长")]
    public string? Code { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>The enrolment page: the shared key as text and as a QR code (otpauth URI), and whether it is done.</summary>
public sealed record TwoFactorEnrolmentView(bool Enabled, string? Key, string? QrDataUri, int RecoveryCodesLeft);

/// <summary>
/// Enrolment of an authenticator app (TOTP, RFC 6238, through Identity's authenticator token provider). The key is
/// kept in Identity's token table until a code from the app proves it was scanned; then two-factor sign-in is on,
/// ten one-time recovery codes are shown once, and Identity's lockout counts wrong codes for this account.
/// </summary>
public sealed class TwoFactorEnrolmentHandler(
    RegistryDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signInManager, AuditLog audit, ILogger<TwoFactorEnrolmentHandler> logger)
{
    private const string Issuer = "RegistryCheck";

    public async Task<TwoFactorEnrolmentView> GetAsync(ClaimsPrincipal principal)
    {
        var user = await UserOf(principal);
        if (user.TwoFactorEnabled)
        {
            return new TwoFactorEnrolmentView(true, null, null, await users.CountRecoveryCodesAsync(user));
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            // The reset changed the stamp: keep this browser's session.
            await signInManager.RefreshSignInAsync(user);
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.UserName!)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var qr = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(qr).GetGraphic(6);
        return new TwoFactorEnrolmentView(false, Grouped(key!), "data:image/png;base64," + Convert.ToBase64String(png), 0);
    }

    /// <summary>Turns two-factor sign-in on when the code matches; the recovery codes, or null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(ClaimsPrincipal principal, string code)
    {
        var user = await UserOf(principal);
        var token = new string(code.Where(char.IsDigit).ToArray());
        if (user.TwoFactorEnabled
            || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, token))
        {
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await users.SetLockoutEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        audit.Add(AuditActions.TwoFactorEnabled, "user", user.Id);
        await db.SaveChangesAsync();
        await signInManager.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} enrolled an authenticator", user.Id);
        return codes;
    }

    private async Task<AppUser> UserOf(ClaimsPrincipal principal) =>
        await users.FindByIdAsync(principal.GetUserId().ToString(System.Globalization.CultureInfo.InvariantCulture))
        ?? throw new InvalidOperationException("The signed-in account no longer exists.");

    private static string Grouped(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4))))).ToLowerInvariant();
}
