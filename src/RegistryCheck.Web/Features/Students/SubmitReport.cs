using System.Globalization;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Files;
using RegistryCheck.Web.Infrastructure.Time;
using Microsoft.Extensions.Options;

namespace RegistryCheck.Web.Features.Students;

public sealed class ReportForm
{
    public RecordField Field { get; set; }

    /// <summary>更正 (wrong from the start) or 更改 (changed after admission); required except for the photo.</summary>
    public CorrectionKind? Kind { get; set; }

    [Display(Name = "正确的信息")]
    [StringLength(FieldLengths.FieldValue, ErrorMessage = "{0}不能超过 {1} 个字符")]
    public string? ProposedValue { get; set; }

    [Display(Name = "原因说明")]
    [Required(ErrorMessage = "请填写{0}")]
    [StringLength(FieldLengths.Note, ErrorMessage = "{0}不能超过 {1} 个字符")]
    public string? Reason { get; set; }

    [Display(Name = "证明材料")]
    public List<IFormFile>? Evidence { get; set; }

    /// <summary>Where the student saw the error: 教务系统 (this portal), 学信网, or both.</summary>
    public SeenOn SeenOn { get; set; }

    /// <summary>For an error seen only on 学信网: the value 学信网 shows (the portal's may already be right).</summary>
    [Display(Name = "学信网上显示的信息")]
    [StringLength(FieldLengths.FieldValue, ErrorMessage = "{0}不能超过 {1} 个字符")]
    public string? XuexinValue { get; set; }

    /// <summary>The student saw the hints about the name (traditional characters, spaces…) and keeps the value.</summary>
    public bool AcknowledgedHints { get; set; }
}

public sealed record ReportFormView(
    RecordField Field, string CurrentValue, bool NeedsApproval, bool IsOpen, string? ClosedReason, FieldRule Rule,
    IReadOnlyList<string> EvidenceDocuments, bool NameAndIdNumberRule)
{
    /// <summary>What the student may still upload and submit (shown on the form).</summary>
    public EvidenceAllowance? Allowance { get; init; }
}

/// <summary>
/// Settings "Corrections": documents that count as evidence, added to the built-in list; the per-student evidence
/// quota and report rate (issue 16: submit 3 × 5 MB, withdraw, repeat must not fill the database).
/// </summary>
public sealed class CorrectionOptions
{
    public const string Section = "Corrections";

    public List<string> EvidenceDocuments { get; set; } = [];

    /// <summary>Evidence files one student may have stored at once, over all reports (withdrawn ones until purged).</summary>
    public int EvidenceQuotaFiles { get; set; } = 15;

    /// <summary>Evidence bytes one student may have stored at once (40 MiB: eight full-size scans).</summary>
    public long EvidenceQuotaBytes { get; set; } = 40L * 1024 * 1024;

    /// <summary>Reports one student may submit within <see cref="ReportWindow"/> (withdrawn ones count).</summary>
    public int MaxReportsPerWindow { get; set; } = 10;

    public TimeSpan ReportWindow { get; set; } = TimeSpan.FromDays(1);
}

public sealed record SubmitReportResult(int? ReportId, bool IsLate, IReadOnlyList<UserMessage> Problems, IReadOnlyList<NameIssue> Hints)
{
    public bool Succeeded => ReportId is not null;
}

/// <summary>
/// A student reports one wrong field. The value shown is taken from the record on the server at this moment
/// (the snapshot); evidence files are accepted by their content, not their names. A report that arrives after
/// the deadline is kept and marked late, never lost.
/// </summary>
public sealed class SubmitReportHandler(
    RegistryDbContext db, StudentChecks checks, CampaignClock clock, AuditLog audit, IOptions<CorrectionOptions> options,
    EvidenceQuotaHandler quota, ILogger<SubmitReportHandler> logger)
{
    /// <summary>Documents that count as evidence for a field that needs provincial approval (keys into the string table).</summary>
    public static readonly string[] BuiltInEvidence = ["户口本本人页", "居民身份证（正反面）"];

    /// <summary>Added for a 更改 of 姓名: the police station's certificate of the change.</summary>
    public const string NameChangeCertificate = "派出所出具的姓名变更证明";

    public const int MaxEvidenceFiles = 3;
    public const long MaxEvidenceBytes = 5 * 1024 * 1024;

    public async Task<ReportFormView?> GetFormAsync(int studentId, RecordField field, CancellationToken ct)
    {
        var row = await LoadStudentAsync(studentId, ct);
        if (row is null || !Enum.IsDefined(field))
        {
            return null;
        }

        var rule = FieldRules.For(field);
        if (!rule.Reportable)
        {
            return null;
        }

        var check = await checks.CurrentCheckAsync(studentId, ct);
        var isOpen = check is not null && checks.IsOpen(check.Campaign, check);
        return new ReportFormView(field, Current(row, field), rule.NeedsProvincialApproval, isOpen,
            check is null ? "当前没有进行中的学籍核对" : isOpen ? null : "核对已截止，不能再提交报告", rule, EvidenceDocuments(field),
            field is RecordField.Name or RecordField.IdNumber && check?.Campaign.ForbidNameAndIdNumberTogether == true)
        {
            Allowance = await quota.AllowanceAsync(studentId, ct),
        };
    }

    public async Task<SubmitReportResult> HandleAsync(int studentId, ReportForm form, CancellationToken ct)
    {
        var problems = new List<UserMessage>();
        var row = await LoadStudentAsync(studentId, ct);
        if (row is null || !Enum.IsDefined(form.Field) || !FieldRules.For(form.Field).Reportable)
        {
            return Fail(problems, nameof(form.Field), "请选择要报告的项目");
        }

        var check = await checks.CurrentCheckAsync(studentId, ct);
        if (check is null || check.Campaign.ClosedAt is not null)
        {
            return Fail(problems, "", "当前没有进行中的学籍核对");
        }

        // Read after the check (whose version this save bumps): a parallel submission that saved first is either
        // counted here or makes this save fail its version check, so two uploads cannot both pass the quota.
        var allowance = await quota.AllowanceAsync(studentId, ct);
        if (allowance.ReportsLeft <= 0)
        {
            logger.LogInformation("Student {StudentId} reached the report rate limit", studentId);
            return Fail(problems, "", "提交报告过于频繁，请于 {0} 后再试", clock.Format(allowance.NextReportAt));
        }

        var draft = await CheckFormAsync(studentId, row, check, allowance, form, problems, ct);
        if (problems.Count > 0 || (draft.Hints.Count > 0 && !form.AcknowledgedHints))
        {
            return new SubmitReportResult(null, false, problems, draft.Hints);
        }

        var now = clock.UtcNow;
        var isLate = !checks.IsOpen(check.Campaign, check);
        var report = NewReport(studentId, check.CampaignId, row.Student.Name, form, draft, isLate, now);
        db.Reports.Add(report);

        check.FirstViewedAt ??= now;
        // A report takes back an earlier confirmation: the record was not right after all.
        check.ConfirmedAt = null;
        await checks.RecalculateAsync(check, ct);
        if (await SaveOrRefuseAsync(studentId, check, form.Field, ct) is { } refused)
        {
            return refused;
        }

        audit.Add(AuditActions.ReportSubmitted, "report", report.Id, $"field={form.Field};files={draft.Files.Count};late={isLate};seen-on={draft.SeenOn}");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Student {StudentId} submitted report {ReportId} on {Field}", studentId, report.Id, form.Field);
        return new SubmitReportResult(report.Id, isLate, problems, draft.Hints);
    }

    /// <summary>Saves the report with the check; a concurrent change of this student's check or a parallel report of the
    /// same field refuses this one (null: saved).</summary>
    private async Task<SubmitReportResult?> SaveOrRefuseAsync(int studentId, StudentCheck check, RecordField field, CancellationToken ct)
    {
        // The check's version is bumped even when no column of it changes, so two submissions of one student
        // (a double click) cannot both pass the duplicate test above: the second one's save fails its version check.
        db.Entry(check).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return await AfterConcurrentChangeAsync(studentId, check.CampaignId, field, ct);
        }
        catch (DbUpdateException)
        {
            // A parallel submission of the same field won: the filtered unique index keeps one open report per field.
            if (!await StillOpenElsewhereAsync(studentId, check.CampaignId, field, ct))
            {
                throw;
            }

            logger.LogInformation("Student {StudentId} submitted {Field} twice at once; the second was refused", studentId, field);
            return Fail([], "", DuplicateMessage);
        }
    }

    /// <summary>What a valid form will be saved as: the rule, where the student saw the value, the value shown there,
    /// the proposed value (normalised by the rule), the name hints to acknowledge, and the evidence read.</summary>
    private sealed record Draft(FieldRule Rule, SeenOn SeenOn, string Shown, string? Proposed, List<NameIssue> Hints,
        List<(string Name, string ContentType, byte[] Bytes)> Files);

    /// <summary>Everything the form must get right, each problem added for its field; a name's hints are not problems
    /// (the student acknowledges them).</summary>
    private async Task<Draft> CheckFormAsync(int studentId, StudentRow row, StudentCheck check, EvidenceAllowance allowance,
        ReportForm form, List<UserMessage> problems, CancellationToken ct)
    {
        var seenOn = Enum.IsDefined(form.SeenOn) ? form.SeenOn : SeenOn.Portal;
        var portalValue = Current(row, form.Field);
        var rule = FieldRules.For(form.Field);
        var shown = seenOn == SeenOn.Xuexin ? XuexinShown(form, problems) : portalValue;
        // Only 学信网 is wrong: the right value may well be the portal's own, which the form then proposes.
        var raw = seenOn == SeenOn.Xuexin && string.IsNullOrWhiteSpace(form.ProposedValue) && form.Field != RecordField.Photo ? portalValue : form.ProposedValue;
        var proposed = NormalizeProposed(rule, raw, row.Student, problems);
        if (form.Field != RecordField.Photo && form.Kind is not (CorrectionKind.Correction or CorrectionKind.Change))
        {
            problems.Add(UserMessage.For(nameof(form.Kind), "请选择是更正还是更改"));
        }
        var hints = new List<NameIssue>();
        if (form.Field == RecordField.Name && proposed is not null)
        {
            hints.AddRange(NameNormalizer.ExplainDifference(shown, form.ProposedValue ?? ""));
        }

        if (problems.Count == 0 && form.Field != RecordField.Photo && proposed == shown)
        {
            problems.Add(UserMessage.For(nameof(form.ProposedValue), seenOn == SeenOn.Xuexin ? "正确的信息与学信网上显示的信息相同" : "正确的信息与当前信息相同"));
        }

        if (await HasOpenReportAsync(studentId, check.CampaignId, form.Field, ct))
        {
            problems.Add(UserMessage.For("", DuplicateMessage));
        }

        if (check.Campaign.ForbidNameAndIdNumberTogether && form.Field is RecordField.Name or RecordField.IdNumber
            && await ConflictingIdentityReportAsync(studentId, check.CampaignId, form.Field, ct))
        {
            problems.Add(UserMessage.For("", NameAndIdNumberMessage));
        }

        var files = await ReadEvidenceAsync(form.Evidence, problems, ct);
        if (files.Count > 0 && !allowance.Admits(files.Count, files.Sum(f => (long)f.Bytes.Length)))
        {
            logger.LogInformation("Student {StudentId} reached the evidence quota", studentId);
            problems.Add(UserMessage.For(nameof(form.Evidence), EvidenceAllowance.QuotaMessage,
                allowance.FilesLeft.ToString(CultureInfo.InvariantCulture), EvidenceAllowance.Megabytes(allowance.BytesLeft)));
        }
        if (rule.NeedsProvincialApproval && files.Count == 0 && !problems.Any(p => p.Field == nameof(form.Evidence)))
        {
            problems.Add(UserMessage.For(nameof(form.Evidence), "此项更正需报省级教育主管部门审批，请至少上传一份证明材料"));
        }

        return new Draft(rule, seenOn, shown, proposed, hints, files);
    }

    private static CorrectionReport NewReport(int studentId, int campaignId, string studentName, ReportForm form, Draft draft, bool isLate, DateTime now)
    {
        var report = new CorrectionReport
        {
            StudentId = studentId,
            CampaignId = campaignId,
            Field = form.Field,
            Kind = form.Kind ?? CorrectionKind.Correction,
            ShownValue = draft.Shown,
            ProposedValue = draft.Proposed!,
            SeenOn = draft.SeenOn,
            Reason = TextInput.Clean(form.Reason),
            Status = ReportStatus.Submitted,
            NeedsProvincialApproval = draft.Rule.NeedsProvincialApproval,
            IsLate = isLate,
            SubmittedAt = now,
            UpdatedAt = now,
        };
        report.Evidence.AddRange(draft.Files.Select(f => new ReportEvidence
        {
            FileName = f.Name, ContentType = f.ContentType, SizeBytes = f.Bytes.Length, Content = f.Bytes, UploadedAt = now,
        }));
        report.History.Add(new ReportHistoryEntry
        {
            ToStatus = ReportStatus.Submitted, At = now, ActorUserId = null, ActorName = studentName,
            Note = isLate ? "逾期提交" : null,
        });
        return report;
    }

    public const string DuplicateMessage = "该项已有待处理的报告，请等待处理或先撤回";

    public const string NameAndIdNumberMessage = "本次核对中姓名和证件号码不能同时更改：已有另一项的报告，请先等待其处理完毕或撤回";

    private IReadOnlyList<string> EvidenceDocuments(RecordField field) =>
    [
        .. BuiltInEvidence,
        .. field == RecordField.Name ? new[] { NameChangeCertificate } : [],
        .. options.Value.EvidenceDocuments.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim()),
    ];

    private Task<bool> HasOpenReportAsync(int studentId, int campaignId, RecordField field, CancellationToken ct) =>
        db.Reports.AnyAsync(r => r.StudentId == studentId && r.CampaignId == campaignId && r.Field == field && ReportRules.OpenStatuses.Contains(r.Status), ct);

    /// <summary>Looked up on a fresh context: the failed save left this one's report tracked.</summary>
    private async Task<bool> StillOpenElsewhereAsync(int studentId, int campaignId, RecordField field, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await HasOpenReportAsync(studentId, campaignId, field, ct);
    }

    /// <summary>A report of the other identity field in this campaign that is open or was corrected.</summary>
    private Task<bool> ConflictingIdentityReportAsync(int studentId, int campaignId, RecordField field, CancellationToken ct)
    {
        var other = field == RecordField.Name ? RecordField.IdNumber : RecordField.Name;
        return db.Reports.AnyAsync(r => r.StudentId == studentId && r.CampaignId == campaignId && r.Field == other
            && (ReportRules.OpenStatuses.Contains(r.Status) || r.Status == ReportStatus.Corrected), ct);
    }

    /// <summary>Another request of this student saved first (the check's version moved): its result is what this one shows.</summary>
    private async Task<SubmitReportResult> AfterConcurrentChangeAsync(int studentId, int campaignId, RecordField field, CancellationToken ct)
    {
        var duplicate = await StillOpenElsewhereAsync(studentId, campaignId, field, ct);
        return Fail([], "", duplicate ? DuplicateMessage : "您的核对记录刚刚有变化，请重新提交");
    }

    private static SubmitReportResult Fail(List<UserMessage> problems, string key, string message, params string[] args)
    {
        problems.Add(UserMessage.For(key, message, args));
        return new SubmitReportResult(null, false, problems, []);
    }

    /// <summary>The field's rule, strictly: a code field takes only its table's values (the form offers them as a choice).</summary>
    private string? NormalizeProposed(FieldRule rule, string? raw, Student student, List<UserMessage> problems)
    {
        const string key = nameof(ReportForm.ProposedValue);
        if (rule.Field == RecordField.Photo && FieldText.Clean(raw).Length == 0)
        {
            problems.Add(UserMessage.For(key, FieldMessages.PhotoDescription));
            return null;
        }

        var check = rule.Check(raw, new FieldContext(clock.Today, IdType: student.IdType));
        if (!check.IsValid)
        {
            problems.Add(UserMessage.For(key, check.Message!, check.Args));
            return null;
        }

        return check.Value;
    }

    private static async Task<List<(string Name, string ContentType, byte[] Bytes)>> ReadEvidenceAsync(
        List<IFormFile>? uploads, List<UserMessage> problems, CancellationToken ct)
    {
        var files = new List<(string, string, byte[])>();
        var present = uploads?.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList() ?? [];
        if (present.Count > MaxEvidenceFiles)
        {
            problems.Add(UserMessage.For(nameof(ReportForm.Evidence), "最多上传 {0} 个证明材料", MaxEvidenceFiles.ToString(CultureInfo.InvariantCulture)));
            return files;
        }

        foreach (var upload in present)
        {
            var name = TextInput.SafeFileName(upload.FileName);
            await using var stream = upload.OpenReadStream();
            var (bytes, reason) = await UploadInspector.ReadBoundedAsync(stream, MaxEvidenceBytes, ct);
            var inspection = bytes is null ? null : UploadInspector.Inspect(bytes, UploadKind.Evidence);
            if (bytes is null || inspection is null || !inspection.IsValid)
            {
                var why = inspection?.Reason ?? reason;
                problems.Add(why == FileRejection.TooLarge
                    ? UserMessage.For(nameof(ReportForm.Evidence), "文件“{0}”超过 {1} MB", name, (MaxEvidenceBytes / 1024 / 1024).ToString(CultureInfo.InvariantCulture))
                    : UserMessage.For(nameof(ReportForm.Evidence), "文件“{0}”不是有效的 JPG、PNG 或 PDF 文件", name));
                continue;
            }

            files.Add((name, inspection.ContentType!, bytes));
        }

        return files;
    }

    /// <summary>What 学信网 shows, as the report's shown value: typed by the student (a description for the photo).</summary>
    private static string XuexinShown(ReportForm form, List<UserMessage> problems)
    {
        if (form.Field == RecordField.Photo)
        {
            return "学信网录取照片";
        }

        var value = FieldText.Clean(form.XuexinValue);
        if (value.Length == 0)
        {
            problems.Add(UserMessage.For(nameof(form.XuexinValue), "请填写学信网上显示的信息"));
        }

        return value;
    }

    private Task<StudentRow?> LoadStudentAsync(int studentId, CancellationToken ct) =>
        db.Students.AsNoTracking()
            .Where(s => s.Id == studentId)
            .Select(s => new StudentRow(s, s.College.Name, s.Major.Name, s.Class.Name))
            .FirstOrDefaultAsync(ct);

    private static string Current(StudentRow row, RecordField field) =>
        field == RecordField.Photo ? "录取照片" : RecordSnapshot.ValueOf(row.Student, field, row.College, row.Major, row.Class);

    private sealed record StudentRow(Student Student, string College, string Major, string Class);
}
