using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data;
using RegistryCheck.Web;
using RegistryCheck.Web.Features.Staff;
using RegistryCheck.Web.Features.Import;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Bench;
using RegistryCheck.Web.Infrastructure.Database;
using RegistryCheck.Web.Infrastructure.Localization;
using RegistryCheck.Web.Infrastructure.Logging;
using RegistryCheck.Web.Infrastructure.Mvc;
using RegistryCheck.Web.Infrastructure.Scopes;
using RegistryCheck.Web.Infrastructure.Portal;
using RegistryCheck.Web.Infrastructure.Security;
using RegistryCheck.Web.Infrastructure.Sso;
using RegistryCheck.Web.Infrastructure.Setup;
using RegistryCheck.Web.Infrastructure.Seeding;
using RegistryCheck.Web.Infrastructure.Time;

// create-admin <username> runs against the same configuration and services, then exits (docs/operations-admin.md).
// backup [file] writes a checked copy of the SQLite database and exits (docs/operations.md).
var builder = WebApplication.CreateBuilder(BackupCommand.HostArgs(CreateAdminCommand.HostArgs(args)));
builder.UsePortalSerilog();

var services = builder.Services;
services.AddSingleton(TimeProvider.System);
services.AddSingleton<CampaignClock>();
services.AddHttpContextAccessor();
// Chinese text as characters, not &#x..; entities: pages a third the size on a phone.
services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
services.AddRegistryDatabase();
// First hosted service: the database is ready before anything else starts or any request is served.
services.AddHostedService<DatabaseInitializer>();
// Then the one data step of issue 13: phone reports still open are closed (the phone is now edited directly).
services.AddHostedService<RegistryCheck.Web.Features.Corrections.ClosePhoneReportsAtStartup>();
services.AddHealthChecks().AddDbContextCheck<RegistryDbContext>("database");
services.AddPortalLocalization();

// Keys in the database: cookies survive a restart and work across instances behind a load balancer.
services.AddDataProtection().SetApplicationName("RegistryCheck").PersistKeysToDbContext<RegistryDbContext>();

services.AddIdentityCore<AppUser>(o =>
    {
        o.Password.RequiredLength = 8;
        o.Password.RequiredUniqueChars = 4;
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        // Lockout is SignInGuard's, keyed by the typed name, so unknown names are locked alike.
        o.Lockout.AllowedForNewUsers = false;
        o.User.RequireUniqueEmail = false;
    })
    .AddRoles<AppRole>()
    .AddEntityFrameworkStores<RegistryDbContext>()
    .AddSignInManager()
    .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
    .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
    .AddPasswordValidator<NotInitialPasswordValidator>()
    .AddPasswordValidator<StaffPasswordLengthValidator>()
    // TOTP (RFC 6238) for staff two-factor sign-in; keys and recovery codes live in Identity's token table.
    .AddTokenProvider<AuthenticatorTokenProvider<AppUser>>(TokenOptions.DefaultAuthenticatorProvider);
services.AddOptions<TwoFactorOptions>().Configure<IConfiguration, IHostEnvironment>(TwoFactorOptions.Bind);
services.Configure<SecurityStampValidatorOptions>(o =>
{
    o.ValidationInterval = TimeSpan.FromMinutes(1);
    o.OnRefreshingPrincipal = SessionClaims.KeepOnRefreshAsync;
});

services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section);
services.AddSingleton<SsoProviders>();
services.AddAuthentication(IdentityConstants.ApplicationScheme)
    .AddCas(builder.Environment.IsDevelopment())
    .AddPortalOidc(builder.Environment.IsDevelopment());
services.AddAuthentication().AddIdentityCookies();
services.ConfigureApplicationCookie(o =>
{
    o.Cookie.Name = "rc.auth";
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Lax;
    o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    o.LoginPath = "/account/sign-in";
    o.LogoutPath = "/account/sign-out";
    o.AccessDeniedPath = "/account/denied";
    o.ExpireTimeSpan = TimeSpan.FromHours(8);
    o.SlidingExpiration = true;
    o.Events.OnValidatePrincipal = SecurityStampCheck.ValidateWhenDueAsync;
});
// Session tickets in the database (ADR-012): sign-out and "end all sessions" hold on every instance at once.
services.AddSingleton<RegistryCheck.Web.Infrastructure.Sessions.DatabaseTicketStore>();
services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
    .Configure<RegistryCheck.Web.Infrastructure.Sessions.DatabaseTicketStore>((o, store) => o.SessionStore = store);
services.AddAntiforgery(o =>
{
    o.Cookie.Name = "rc.af";
    o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
});
services.AddAuthorization(Policies.Add);

services.AddOptions<SignInGuardOptions>().BindConfiguration("SignIn");
services.AddOptions<RegistryCheck.Web.Features.Students.CorrectionOptions>().BindConfiguration(RegistryCheck.Web.Features.Students.CorrectionOptions.Section);
services.AddScoped<SignInGuard>();
services.AddOptions<ResetCodeOptions>().BindConfiguration("Security");
services.AddScoped<ResetCodeIssuer>();
services.AddScoped<AuthenticatorCodes>();
services.AddScoped<RegistryCheck.Web.Features.Account.GuardedSignIn>();
services.AddScoped<AuditLog>();
// Refused anonymous sign-ins are counted in memory and written once a period by one background writer (ADR-019).
services.AddOptions<SignInRefusalOptions>().BindConfiguration(SignInRefusalOptions.Section);
services.AddSingleton<SignInRefusals>();
services.AddHostedService<SignInRefusalWriter>();
services.AddScoped<DemoSeeder>();
services.AddScoped<StudentChecks>();
services.AddScoped<StaffScopes>();
services.AddScoped<ReportTransitions>();
services.AddScoped<StaffAssignments>();
services.AddScoped<AdministratorBootstrap>();
services.AddScoped<DatabaseBackup>();
services.AddOptions<RegistryCheck.Web.Features.Shared.EvidenceRetentionOptions>().BindConfiguration(RegistryCheck.Web.Features.Shared.EvidenceRetentionOptions.Section);
// Evidence past its retention is deleted by every instance's job; the handler claims each campaign atomically (ADR-021).
services.AddHostedService<RegistryCheck.Web.Features.Corrections.EvidencePurgeJob>();
services.AddFeatureHandlers();
services.AddImports();
services.AddOptions<ChsiPhotoOptions>().BindConfiguration(ChsiPhotoOptions.Section);
// The outbox and its channels (issue 17, docs/notifications.md).
RegistryCheck.Web.Infrastructure.Notifications.NotificationSetup.AddNotifications(services);
// The caps of every roster reader sit beside the photo zip's in the Import section (RosterLimits).
services.AddOptions<RegistryCheck.Web.Features.Import.RosterLimits>().BindConfiguration("Import");

services.AddControllersWithViews(o =>
    {
        o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
        o.Filters.Add<MustChangePasswordFilter>();
        o.Filters.Add<TwoFactorEnrolmentFilter>();
    })
    .AddViewLocalization()
    .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)))
    .AddRazorOptions(o => o.ViewLocationExpanders.Add(new FeatureViewLocations()));
services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>(LocalizationSetup.LocalizeModelBinding);

services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
{
    o.MultipartBodyLengthLimit = 64 * 1024 * 1024;
});
if (!builder.Environment.IsDevelopment())
{
    services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
}

// Behind a TLS-terminating load balancer the portal sees http: the redirect goes to the public https port, and
// X-Forwarded-* headers are believed only from the proxies listed in Portal:KnownProxies.
services.AddHttpsRedirection(o => o.HttpsPort = builder.Configuration.GetValue("Portal:HttpsPort", 443));
services.Configure<ForwardedHeadersOptions>(o => ForwardedHeadersSetup.Configure(o, builder.Configuration[ForwardedHeadersSetup.Setting]));
services.AddSingleton<ForwardingWarnings>();

var app = builder.Build();
// A campus sign-in configured without Portal:PublicOrigin fails here, at start-up, not at every request.
_ = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<CasOptions>>().Get(CasOptions.Scheme);
_ = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>>().Get(OidcSettings.Scheme);

if (CreateAdminCommand.IsRequested(args))
{
    Environment.ExitCode = await CreateAdminCommand.RunFromConsoleAsync(app.Services, args);
    // Disposing the app flushes the background log writer (ADR-008), so the command's log lines are not lost.
    await app.DisposeAsync();
    return;
}

if (BackupCommand.IsRequested(args))
{
    Environment.ExitCode = await BackupCommand.RunAsync(app.Services, BackupCommand.Target(args), Console.Out, Console.Error);
    await app.DisposeAsync();
    return;
}

if (app.Environment.IsProduction())
{
    // An empty or wrong proxy list puts every student behind one address (issue 16): say so in the log.
    var forwarding = app.Services.GetRequiredService<ForwardingWarnings>();
    forwarding.WarnAtStartup(app.Configuration);
    app.Use((context, next) => forwarding.InvokeAsync(context, next));
}

app.UseForwardedHeaders();

app.UseExceptionHandler("/error");
if (app.Environment.IsProduction())
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UsePortalRequestLogging();
app.UseStaticFiles();
app.UseRequestLocalization();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapControllers();
app.MapBenchFloor();

await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program
{
}
