using System.Security.Claims;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Audit;

/// <summary>
/// Writes audit entries. <see cref="Add"/> joins the caller's unit of work (saved with its SaveChanges);
/// <see cref="WriteNowAsync"/> saves at once, for events that have no other change (a failed sign-in, a denied
/// access). Details carry ids and counts only, never names or ID numbers.
/// </summary>
public sealed class AuditLog(RegistryDbContext db, IHttpContextAccessor http, TimeProvider time)
{
    public AuditEntry Add(string action, string? targetType = null, object? targetId = null, string? details = null, bool succeeded = true)
    {
        var user = http.HttpContext?.User;
        var entry = new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            ActorUserId = int.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
            ActorName = Truncate(user?.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.Name) : null, 100),
            Action = action,
            TargetType = targetType,
            TargetId = Truncate(targetId?.ToString(), 64),
            Details = Truncate(details, 2000),
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Succeeded = succeeded,
        };
        db.AuditLog.Add(entry);
        return entry;
    }

    public async Task WriteNowAsync(string action, string? targetType = null, object? targetId = null, string? details = null, bool succeeded = true)
    {
        var entry = Add(action, targetType, targetId, details, succeeded);
        await db.SaveChangesAsync();
        db.Entry(entry).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
    }

    private static string? Truncate(string? value, int max) =>
        value is null || value.Length <= max ? value : value[..max];
}

/// <summary>Audit action names: stable codes that filters and reports rely on.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignInLockedOut = "sign-in-locked-out";
    public const string SignOut = "sign-out";
    public const string PasswordChanged = "password-changed";
    public const string PasswordReset = "password-reset";
    public const string RecordConfirmed = "record-confirmed";
    public const string ReportSubmitted = "report-submitted";
    public const string ReportWithdrawn = "report-withdrawn";
    public const string ReportStatusChanged = "report-status-changed";
    public const string AccessDenied = "access-denied";
    public const string StudentRecordViewed = "student-record-viewed";
    public const string ExemptionChanged = "exemption-changed";
    public const string Import = "import";
    public const string Export = "export";
    public const string DeadlineChanged = "deadline-changed";
    public const string CampaignChanged = "campaign-changed";
    public const string XuexinRecorded = "xuexin-recorded";
    public const string XuexinOpened = "xuexin-opened";
    public const string StaffChanged = "staff-changed";
    public const string ScopeChanged = "scope-changed";
    public const string AccountRenamed = "account-renamed";
    public const string ContactChanged = "contact-changed";
    public const string SessionEnded = "session-ended";
    public const string SsoSignIn = "sso-sign-in";
    public const string SsoRefused = "sso-refused";
    public const string SsoSingleLogout = "sso-single-logout";
    public const string TwoFactorEnabled = "two-factor-enabled";
    public const string TwoFactorReset = "two-factor-reset";
    public const string TwoFactorFailed = "two-factor-failed";
    public const string DatabaseBackup = "database-backup";
    public const string EvidencePurged = "evidence-purged";
    public const string MessagesSent = "messages-sent";
    public const string MessageRetried = "message-retried";
    public const string MessageTemplateSaved = "message-template-saved";
    public const string MessageTemplateReset = "message-template-reset";
    public const string MessagingSettingsChanged = "messaging-settings-changed";
}
