using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Files;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Students;

public sealed class ReportForm
{
    public RecordField Field { get; set; }

    [Display(Name = "正确的信息")]
    [StringLength(FieldLengths.FieldValue, ErrorMessage = "{0}不能超过 {1} 个字符")]
    public string? ProposedValue { get; set; }

    [Display(Name = "原因说明")]
    [Required(ErrorMessage = "请填写{0}")]
    [StringLength(FieldLengths.Note, ErrorMessage = "{0}不能超过 {1} 个字符")]
    public string? Reason { get; set; }

    [Display(Name = "证明材料")]
    public List<IFormFile>? Evidence { get; set; }

    /// <summary>The student saw the hints about the name (traditional characters, spaces…) and keeps the value.</summary>
    public bool AcknowledgedHints { get; set; }
}

public sealed record ReportFormView(RecordField Field, string CurrentValue, bool NeedsApproval, bool IsOpen, string? ClosedReason);

/// <summary>A problem with the submitted form: the form field it belongs to and a message key with arguments.</summary>
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
    RegistryDbContext db, StudentChecks checks, CampaignClock clock, AuditLog audit, ILogger<SubmitReportHandler> logger)
{
    public const int MaxEvidenceFiles = 3;
    public const long MaxEvidenceBytes = 5 * 1024 * 1024;

    public async Task<ReportFormView?> GetFormAsync(int studentId, RecordField field, CancellationToken ct)
    {
        var row = await LoadStudentAsync(studentId, ct);
        if (row is null || !Enum.IsDefined(field))
        {
            return null;
        }

        var check = await checks.CurrentCheckAsync(studentId, row.Student.Cohort, ct);
        var isOpen = check is not null && checks.IsOpen(check.Campaign, check);
        return new ReportFormView(field, Current(row, field), RecordFields.NeedsProvincialApproval(field), isOpen,
            check is null ? "当前没有进行中的学籍核对" : isOpen ? null : "核对已截止，不能再提交报告");
    }

    public async Task<SubmitReportResult> HandleAsync(int studentId, ReportForm form, CancellationToken ct)
    {
        var problems = new List<UserMessage>();
        var row = await LoadStudentAsync(studentId, ct);
        if (row is null || !Enum.IsDefined(form.Field))
        {
            return Fail(problems, nameof(form.Field), "请选择要报告的项目");
        }

        var check = await checks.CurrentCheckAsync(studentId, row.Student.Cohort, ct);
        if (check is null || check.Campaign.ClosedAt is not null)
        {
            return Fail(problems, "", "当前没有进行中的学籍核对");
        }

        var shown = Current(row, form.Field);
        var proposed = NormalizeProposed(form.Field, form.ProposedValue, row.Student, problems);
        var hints = new List<NameIssue>();
        if (form.Field == RecordField.Name && proposed is not null)
        {
            hints.AddRange(NameNormalizer.ExplainDifference(shown, form.ProposedValue ?? ""));
        }

        if (problems.Count == 0 && form.Field != RecordField.Photo && proposed == shown)
        {
            problems.Add(UserMessage.For(nameof(form.ProposedValue), "正确的信息与当前信息相同"));
        }

        var duplicate = await db.Reports.AnyAsync(r => r.StudentId == studentId && r.CampaignId == check.CampaignId
            && r.Field == form.Field && ReportRules.OpenStatuses.Contains(r.Status), ct);
        if (duplicate)
        {
            problems.Add(UserMessage.For("", "该项已有待处理的报告，请等待处理或先撤回"));
        }

        var files = await ReadEvidenceAsync(form.Evidence, problems, ct);
        if (problems.Count > 0)
        {
            return new SubmitReportResult(null, false, problems, hints);
        }

        if (hints.Count > 0 && !form.AcknowledgedHints)
        {
            return new SubmitReportResult(null, false, problems, hints);
        }

        var now = clock.UtcNow;
        var isLate = !checks.IsOpen(check.Campaign, check);
        var report = new CorrectionReport
        {
            StudentId = studentId,
            CampaignId = check.CampaignId,
            Field = form.Field,
            ShownValue = shown,
            ProposedValue = proposed!,
            Reason = TextInput.Clean(form.Reason),
            Status = ReportStatus.Submitted,
            NeedsProvincialApproval = RecordFields.NeedsProvincialApproval(form.Field),
            IsLate = isLate,
            SubmittedAt = now,
            UpdatedAt = now,
        };
        report.Evidence.AddRange(files.Select(f => new ReportEvidence
        {
            FileName = f.Name, ContentType = f.ContentType, SizeBytes = f.Bytes.Length, Content = f.Bytes, UploadedAt = now,
        }));
        report.History.Add(new ReportHistoryEntry
        {
            ToStatus = ReportStatus.Submitted, At = now, ActorUserId = null, ActorName = row.Student.Name,
            Note = isLate ? "逾期提交" : null,
        });
        db.Reports.Add(report);

        check.FirstViewedAt ??= now;
        // A report takes back an earlier confirmation: the record was not right after all.
        check.ConfirmedAt = null;
        await checks.RecalculateAsync(check, ct);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.ReportSubmitted, "report", report.Id, $"field={form.Field};files={files.Count};late={isLate}");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Student {StudentId} submitted report {ReportId} on {Field}", studentId, report.Id, form.Field);
        return new SubmitReportResult(report.Id, isLate, problems, hints);
    }

    private static SubmitReportResult Fail(List<UserMessage> problems, string key, string message)
    {
        problems.Add(UserMessage.For(key, message));
        return new SubmitReportResult(null, false, problems, []);
    }

    private static string? NormalizeProposed(RecordField field, string? raw, Student student, List<UserMessage> problems)
    {
        const string key = nameof(ReportForm.ProposedValue);
        var text = TextInput.Clean(raw);
        if (text.Length == 0)
        {
            problems.Add(UserMessage.For(key, field == RecordField.Photo ? "请说明照片的问题" : "请填写正确的信息"));
            return null;
        }

        switch (field)
        {
            case RecordField.Name:
                return NameNormalizer.Normalize(text);
            case RecordField.IdNumber when student.IdType == RecordDefaults.IdTypeResidentCard:
                var id = IdNumber.Parse(text);
                if (!id.IsValid)
                {
                    problems.Add(UserMessage.For(key, "证件号码无效：{0}", IdNumberMessages.Of(id.Error)));
                    return null;
                }

                return id.Value;
            case RecordField.Gender:
                if (text is not ("男" or "女"))
                {
                    problems.Add(UserMessage.For(key, "性别请填写“男”或“女”"));
                    return null;
                }

                return text;
            case RecordField.BirthDate or RecordField.EnrollmentDate or RecordField.ExpectedGraduationDate:
                if (!TryParseDate(text, out var date))
                {
                    problems.Add(UserMessage.For(key, "日期格式应为 2008-03-15"));
                    return null;
                }

                return RecordSnapshot.Date(date);
            case RecordField.LengthOfStudy:
                if (!int.TryParse(InputNormalizer.Normalize(text), NumberStyles.None, CultureInfo.InvariantCulture, out var years) || years is < 1 or > 8)
                {
                    problems.Add(UserMessage.For(key, "学制请填写 1 到 8 之间的整数（年）"));
                    return null;
                }

                return years.ToString(CultureInfo.InvariantCulture);
            case RecordField.StudentNumber or RecordField.ExamNumber or RecordField.Phone:
                return InputNormalizer.Normalize(text);
            default:
                return text;
        }
    }

    private static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(InputNormalizer.Normalize(text), ["yyyy-MM-dd", "yyyy/MM/dd", "yyyyMMdd", "yyyy.MM.dd", "yyyy-M-d", "yyyy/M/d"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

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

    private Task<StudentRow?> LoadStudentAsync(int studentId, CancellationToken ct) =>
        db.Students.AsNoTracking()
            .Where(s => s.Id == studentId)
            .Select(s => new StudentRow(s, s.College.Name, s.Major.Name, s.Class.Name))
            .FirstOrDefaultAsync(ct);

    private static string Current(StudentRow row, RecordField field) =>
        field == RecordField.Photo ? "录取照片" : RecordSnapshot.ValueOf(row.Student, field, row.College, row.Major, row.Class);

    private sealed record StudentRow(Student Student, string College, string Major, string Class);
}
