using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Students;

/// <summary>What the student saw on 学信网 (学信档案 → 高等教育信息 → 学籍): each question answered yes or no.</summary>
public sealed class XuexinForm
{
    /// <summary>已注册学信网账号.</summary>
    public bool? HasAccount { get; set; }

    /// <summary>查询到本人学籍: false is "not found yet" (the record may not be uploaded yet).</summary>
    public bool? RecordFound { get; set; }

    /// <summary>学籍信息 无误 (true) / 有误 (false).</summary>
    public bool? InfoCorrect { get; set; }

    /// <summary>The fields that are wrong on 学信网, when <see cref="InfoCorrect"/> is false.</summary>
    public List<RecordField> WrongFields { get; set; } = [];

    /// <summary>录取照片 无误 (true) / 有误 (false).</summary>
    public bool? PhotoCorrect { get; set; }
}

public enum XuexinOutcome
{
    Recorded,
    RecordedLate,
    NoCampaign,
    NotOpen,
    Closed,
    Invalid,
    ChangedMeanwhile,
}

public sealed record XuexinResult(XuexinOutcome Outcome, string? Problem = null);

/// <summary>
/// The student records the 学信网 check's result on the own check row. Refused before the registrar opened the
/// check ("学信网数据已上传") and after the campaign closed; after the 学信网 deadline it is kept and marked late, as a
/// late report is. The state is derived by <see cref="XuexinStates"/>; errors are then reported one field at a time
/// (tagged 学信网), since a report needs the right value and perhaps evidence.
/// </summary>
public sealed class RecordXuexinHandler(RegistryDbContext db, StudentChecks checks, CampaignClock clock, AuditLog audit, ILogger<RecordXuexinHandler> logger)
{
    public async Task<XuexinResult> HandleAsync(int studentId, XuexinForm form, CancellationToken ct)
    {
        var check = await checks.CurrentCheckAsync(studentId, ct);
        if (check is null)
        {
            // The current check is found among open campaigns only, so a closed one must be told apart here,
            // else the student would read "no campaign" instead of "closed" (issue 15: refused with a message).
            var closed = await db.StudentChecks.AnyAsync(k => k.StudentId == studentId && k.Campaign.ClosedAt != null, ct)
                && !await db.StudentChecks.AnyAsync(k => k.StudentId == studentId && k.Campaign.ClosedAt == null, ct);
            return new(closed ? XuexinOutcome.Closed : XuexinOutcome.NoCampaign);
        }

        var window = checks.XuexinWindowOf(check.Campaign, check);
        if (window is XuexinWindow.NotOpen or XuexinWindow.Closed)
        {
            return new(window == XuexinWindow.NotOpen ? XuexinOutcome.NotOpen : XuexinOutcome.Closed);
        }

        if (Validate(form) is { } problem)
        {
            return new(XuexinOutcome.Invalid, problem);
        }

        var now = clock.UtcNow;
        Apply(check, form, now, late: window == XuexinWindow.Late);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(XuexinOutcome.ChangedMeanwhile);
        }

        audit.Add(AuditActions.XuexinRecorded, "check", check.Id, $"state={check.XuexinState};late={check.XuexinIsLate}");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Student {StudentId} recorded the xuexin check {State}", studentId, check.XuexinState);
        return new(check.XuexinIsLate ? XuexinOutcome.RecordedLate : XuexinOutcome.Recorded);
    }

    /// <summary>A question left open that the answers before it make necessary: the form asks it again.</summary>
    private static string? Validate(XuexinForm form)
    {
        if (form.HasAccount is null)
        {
            return "请选择是否已注册学信网账号";
        }

        if (form.HasAccount == false)
        {
            return null;
        }

        if (form.RecordFound is null)
        {
            return "请选择是否查询到本人学籍";
        }

        if (form.RecordFound == false)
        {
            return null;
        }

        if (form.InfoCorrect is null || form.PhotoCorrect is null)
        {
            return "请分别选择学籍信息和录取照片是否无误";
        }

        var fields = form.WrongFields.Where(f => Enum.IsDefined(f) && f != RecordField.Photo && FieldRules.For(f).Reportable).ToList();
        return form.InfoCorrect == false && fields.Count == 0 ? "请勾选学信网上有误的项目" : null;
    }

    private static void Apply(StudentCheck check, XuexinForm form, DateTime now, bool late)
    {
        check.XuexinHasAccount = form.HasAccount;
        check.XuexinRecordFound = form.HasAccount == true ? form.RecordFound : null;
        var found = check.XuexinRecordFound == true;
        check.XuexinInfoCorrect = found ? form.InfoCorrect : null;
        check.XuexinPhotoCorrect = found ? form.PhotoCorrect : null;
        check.XuexinWrongFields = found && form.InfoCorrect == false
            ? string.Join(",", form.WrongFields.Where(f => Enum.IsDefined(f) && f != RecordField.Photo && FieldRules.For(f).Reportable).Distinct())
            : null;
        check.XuexinFirstRecordedAt ??= now;
        check.XuexinRecordedAt = now;
        check.XuexinIsLate = late;
        check.FirstViewedAt ??= now;
        XuexinStates.Apply(check, now);
    }
}
