namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>
/// Settings "Security:TwoFactor" (issue 18's contract). RequiredRoles: staff of these roles must enrol an
/// authenticator before any other page; default Registrar and Administrator in Production, none elsewhere (so the
/// demo accounts work as README says). A list, or one comma-separated value ("" for none). AlsoForSso: whether a
/// campus sign-in also needs the portal's second factor (by default that is the campus provider's job).
/// </summary>
public sealed class TwoFactorOptions
{
    public const string Section = "Security:TwoFactor";

    public IReadOnlyList<string> RequiredRoles { get; set; } = [];
    public bool AlsoForSso { get; set; }

    public static void Bind(TwoFactorOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(Section);
        options.AlsoForSso = section.GetValue<bool>(nameof(AlsoForSso));
        var roles = section.GetSection(nameof(RequiredRoles));
        options.RequiredRoles = roles.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : roles.GetChildren().Any()
                ? roles.GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0).ToArray()
                : environment.IsProduction() ? [Data.Entities.Roles.Registrar, Data.Entities.Roles.Administrator] : [];
    }

    /// <summary>Whether this signed-in staff member must have enrolled before using the portal.</summary>
    public bool Requires(System.Security.Claims.ClaimsPrincipal user) =>
        RequiredRoles.Any(user.IsInRole) && (AlsoForSso || !user.HasClaim(c => c.Type == AppClaims.SignedInWith));
}
