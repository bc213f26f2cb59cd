using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Audit;

/// <summary>The viewer's filters, all from the query string (GET only: the log is read, never changed here).</summary>
public sealed class AuditFilter
{
    public string? Action { get; set; }
    /// <summary>User name (exact) or display name (contains) of who acted.</summary>
    public string? Actor { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    /// <summary>Local (Beijing) dates, both inclusive.</summary>
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    /// <summary>"ok", "failed", or empty for both.</summary>
    public string? Outcome { get; set; }
    public int Page { get; set; }

    public string QueryString(int? page = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>
        {
            new(nameof(Action), Action), new(nameof(Actor), Actor), new(nameof(TargetType), TargetType), new(nameof(TargetId), TargetId),
            new(nameof(From), From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            new(nameof(To), To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            new(nameof(Outcome), Outcome),
        };
        if (page is int p)
        {
            pairs.Add(new(nameof(Page), p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return Microsoft.AspNetCore.Http.QueryString.Create(pairs.Where(x => !string.IsNullOrWhiteSpace(x.Value))).ToString();
    }
}

public sealed record AuditRow(
    long Id, DateTime At, string? ActorUserName, string? ActorName, string Action, string? TargetType, string? TargetId,
    string? Details, string? IpAddress, bool Succeeded, int Count, DateTime? LastAt)
{
    /// <summary>A typed account name that matched no account is kept only as a keyed hash (ADR-019).</summary>
    public bool IsHashedName => TargetId?.StartsWith("hmac:", StringComparison.Ordinal) == true;
}

public sealed record AuditPage(AuditFilter Filter, IReadOnlyList<AuditRow> Rows, int Page, int PageCount, int Total,
    IReadOnlyList<string> Actions, IReadOnlyList<string> TargetTypes);

/// <summary>Filters and pages the audit log on the server, newest first, 50 a page.</summary>
public sealed class AuditQueryHandler(RegistryDbContext db, CampaignClock clock, ILookupNormalizer normalizer)
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<string> KnownActions = typeof(AuditActions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    public async Task<AuditPage> HandleAsync(AuditFilter filter, CancellationToken ct)
    {
        var query = Filtered(filter);
        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pageCount);
        var rows = await Project(query).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var targetTypes = await db.AuditLog.AsNoTracking().Where(a => a.TargetType != null)
            .Select(a => a.TargetType!).Distinct().OrderBy(t => t).Take(100).ToListAsync(ct);
        return new AuditPage(filter, rows, page, pageCount, total, KnownActions, targetTypes);
    }

    /// <summary>The same filter for the export, newest first.</summary>
    public IAsyncEnumerable<AuditRow> StreamAsync(AuditFilter filter, int max) =>
        Project(Filtered(filter)).Take(max).AsAsyncEnumerable();

    private IQueryable<AuditEntry> Filtered(AuditFilter f)
    {
        var q = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            var action = f.Action.Trim();
            q = q.Where(a => a.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(f.Actor))
        {
            var actor = f.Actor.Trim();
            var normalized = normalizer.NormalizeName(actor);
            var ids = db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => (int?)u.Id);
            q = q.Where(a => ids.Contains(a.ActorUserId) || (a.ActorName != null && a.ActorName.Contains(actor)));
        }

        if (!string.IsNullOrWhiteSpace(f.TargetType))
        {
            var type = f.TargetType.Trim();
            q = q.Where(a => a.TargetType == type);
        }

        if (!string.IsNullOrWhiteSpace(f.TargetId))
        {
            var id = f.TargetId.Trim();
            q = q.Where(a => a.TargetId == id);
        }

        if (f.From is DateOnly from)
        {
            var start = clock.ToUtc(from.ToDateTime(TimeOnly.MinValue));
            q = q.Where(a => a.At >= start);
        }

        if (f.To is DateOnly to)
        {
            var end = clock.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
            q = q.Where(a => a.At < end);
        }

        if (f.Outcome == "ok")
        {
            q = q.Where(a => a.Succeeded);
        }
        else if (f.Outcome == "failed")
        {
            q = q.Where(a => !a.Succeeded);
        }

        return q.OrderByDescending(a => a.At).ThenByDescending(a => a.Id);
    }

    private IQueryable<AuditRow> Project(IQueryable<AuditEntry> q) =>
        from a in q
        join u in db.Users on a.ActorUserId equals (int?)u.Id into actors
        from u in actors.DefaultIfEmpty()
        select new AuditRow(a.Id, a.At, u != null ? u.UserName : null, a.ActorName, a.Action, a.TargetType, a.TargetId,
            a.Details, a.IpAddress, a.Succeeded, a.Count, a.LastAt);
}

/// <summary>Chinese labels of the audit action codes.</summary>
public static class AuditLabels
{
    public static string Of(string action) => action switch
    {
        AuditActions.SignIn => "登录",
        AuditActions.SignInFailed => "登录失败",
        AuditActions.SignInLockedOut => "登录被锁定",
        AuditActions.SignOut => "退出",
        AuditActions.PasswordChanged => "修改密码",
        AuditActions.PasswordReset => "重置密码",
        AuditActions.RecordConfirmed => "确认信息无误",
        AuditActions.ReportSubmitted => "提交错误报告",
        AuditActions.ReportWithdrawn => "撤回报告",
        AuditActions.ReportStatusChanged => "报告状态变更",
        AuditActions.AccessDenied => "拒绝访问",
        AuditActions.StudentRecordViewed => "查看学生完整信息",
        AuditActions.Import => "导入",
        AuditActions.Export => "导出",
        AuditActions.DeadlineChanged => "修改截止时间",
        AuditActions.CampaignChanged => "核对变更",
        AuditActions.StaffChanged => "账号变更",
        AuditActions.ScopeChanged => "负责范围变更",
        AuditActions.SessionEnded => "结束会话",
        AuditActions.SsoSignIn => "统一身份认证登录",
        AuditActions.SsoRefused => "统一身份认证登录被拒绝",
        AuditActions.SsoSingleLogout => "统一身份认证单点退出",
        AuditActions.TwoFactorEnabled => "启用两步验证",
        AuditActions.TwoFactorReset => "重置两步验证",
        AuditActions.TwoFactorFailed => "两步验证失败",
        AuditActions.DatabaseBackup => "数据库备份",
        AuditActions.EvidencePurged => "证明材料到期删除",
        _ => action,
    };
}
