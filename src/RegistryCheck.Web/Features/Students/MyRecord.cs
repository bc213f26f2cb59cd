using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Students;

public sealed record CampaignView(string Name, DateTime DeadlineUtc, int DaysLeft, bool IsOpen, bool Extended);

/// <summary>The 学信网 step of the student page: its window, deadline and what the student recorded.</summary>
public sealed record XuexinView(
    XuexinWindow Window, DateTime? PlannedOpening, DateTime DeadlineUtc, int DaysLeft, XuexinState State, bool? HasAccount, bool? RecordFound,
    bool? InfoCorrect, bool? PhotoCorrect, IReadOnlyList<RecordField> WrongFields, DateTime? RecordedAt, bool IsLate)
{
    public bool CanRecord => Window is XuexinWindow.Open or XuexinWindow.Late;
}

public sealed record ReportView(
    int Id, RecordField Field, CorrectionKind Kind, string ShownValue, string ProposedValue, string Reason, ReportStatus Status, bool IsLate,
    string? ReturnQuestion, string? StudentAnswer, string? RejectionReason, DateTime SubmittedAt, bool CanWithdraw,
    IReadOnlyList<EvidenceView> Evidence, IReadOnlyList<HistoryView> History)
{
    public SeenOn SeenOn { get; init; }
}

public sealed record MyRecordView(
    string Name, IReadOnlyList<FieldRow> Fields, bool HasPhoto, CampaignView? Campaign, CheckState? State,
    DateTime? ConfirmedAt, IReadOnlyList<ReportView> Reports)
{
    public bool HasOpenReports => Reports.Any(r => ReportRules.IsOpen(r.Status));

    /// <summary>The contact details as stored, for the contact form (edited directly, not reported).</summary>
    public string Phone { get; init; } = "";
    public string Email { get; init; } = "";

    public XuexinView? Xuexin { get; init; }

    /// <summary>专业代码, 系所 and the 专科 school and diploma of a 专升本 student, read-only.</summary>
    public RecordExtras Extras { get; init; } = RecordExtras.Of(null, null, null, null);
}

/// <summary>
/// The student's record page. Showing it records Viewed in this same request: the FAQ's "I looked but I'm still
/// on the not-checked list" cannot happen.
/// </summary>
public sealed class MyRecordHandler(RegistryDbContext db, StudentChecks checks, CampaignClock clock, ILogger<MyRecordHandler> logger)
{
    /// <summary>Repeated views within this span do not rewrite the last-viewed time: one write per minute at most.</summary>
    private static readonly TimeSpan LastViewedResolution = TimeSpan.FromMinutes(1);

    public async Task<MyRecordView?> HandleAsync(int studentId, CancellationToken ct)
    {
        // Every student opens this page, many times before a deadline: in the usual case (a check in the current
        // campaign, no reports) it is one query on one connection; the check is read again, tracked, only to record a view.
        await db.Database.OpenConnectionAsync(ct);
        var page = await ReadCurrentAsync(studentId, ct) ?? await ReadWithoutCurrentCheckAsync(studentId, ct);
        if (page is null)
        {
            return null;
        }

        var check = page.Check;
        CampaignView? campaign = null;
        var reports = new List<ReportView>();
        if (check is not null)
        {
            check = await RecordViewAsync(check, ct);
            var deadline = StudentChecks.EffectiveDeadline(check.Campaign, check);
            var isOpen = checks.IsOpen(check.Campaign, check);
            campaign = new CampaignView(check.Campaign.Name, deadline, clock.DaysLeft(deadline), isOpen, deadline > check.Campaign.Deadline);
            if (page.HasReports)
            {
                reports = await LoadReportsAsync(studentId, check.CampaignId, isOpen, ct);
            }
        }

        var open = reports.Where(r => ReportRules.IsOpen(r.Status)).Select(r => r.Field).ToHashSet();
        var fields = RecordSnapshot.DisplayOrder
            .Select(f => new FieldRow(f, RecordSnapshot.ValueOf(page.Student, f, page.College, page.Major, page.Class),
                FieldRules.NeedsProvincialApproval(f), open.Contains(f)))
            .ToList();
        return new MyRecordView(page.Student.Name, fields, page.HasPhoto, campaign, check?.State, check?.ConfirmedAt, reports)
        {
            Phone = page.Student.Phone ?? "", Email = page.Student.Email ?? "", Xuexin = check is null ? null : XuexinOf(check),
            Extras = RecordExtras.Of(page.MajorCode, page.Student.Department, page.Student.Remark, page.Student.IntakeType),
        };
    }

    private XuexinView XuexinOf(StudentCheck check)
    {
        var deadline = StudentChecks.XuexinDeadline(check.Campaign, check);
        var wrong = (check.XuexinWrongFields ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => Enum.TryParse<RecordField>(f, out var field) ? field : (RecordField?)null).OfType<RecordField>().ToList();
        return new XuexinView(checks.XuexinWindowOf(check.Campaign, check), check.Campaign.XuexinOpensAt, deadline, clock.DaysLeft(deadline),
            check.XuexinState, check.XuexinHasAccount, check.XuexinRecordFound, check.XuexinInfoCorrect, check.XuexinPhotoCorrect, wrong,
            check.XuexinRecordedAt, check.XuexinIsLate);
    }

    private sealed record PageRow(
        Student Student, string College, string Major, string Class, bool HasPhoto, StudentCheck? Check, bool HasReports)
    {
        public string? MajorCode { get; init; }
    }

    /// <summary>
    /// Compiled once: the page's query skips EF's per-call expression work. It selects only the columns the page shows
    /// — SQLite prepares every statement anew, and its cost grows with the columns and tables named (docs/performance.md)
    /// — so the check, its campaign and the student it returns are display copies, never attached: the "viewed"
    /// write reads the check again (RecordViewAsync). "Current" is the rule of StudentChecks.CurrentCheckAsync: the
    /// student's own check row whose campaign is started and not closed. A student is in at most one open campaign
    /// (CampaignTargeting places each), so it is a join on the check row — never a lookup by cohort, which may have
    /// several open campaigns (专升本 and the rest) — and no "newest first" subquery.
    /// </summary>
    private static readonly Func<RegistryDbContext, int, DateTime, CancellationToken, Task<PageRow?>> CurrentQuery =
        EF.CompileAsyncQuery((RegistryDbContext db, int studentId, DateTime nowUtc, CancellationToken ct) => db.StudentChecks.AsNoTracking()
            .Where(k => k.StudentId == studentId && k.Campaign.ClosedAt == null && k.Campaign.OpensAt <= nowUtc)
            .Select(k => new PageRow(
                new Student
                {
                    StudentNumber = k.Student.StudentNumber, ExamNumber = k.Student.ExamNumber, Name = k.Student.Name, Gender = k.Student.Gender,
                    BirthDate = k.Student.BirthDate, Ethnicity = k.Student.Ethnicity, PoliticalStatus = k.Student.PoliticalStatus,
                    IdType = k.Student.IdType, IdNumber = k.Student.IdNumber, SchoolName = k.Student.SchoolName, Level = k.Student.Level,
                    LengthOfStudyTenths = k.Student.LengthOfStudyTenths, StudyForm = k.Student.StudyForm, EducationCategory = k.Student.EducationCategory,
                    EnrollmentDate = k.Student.EnrollmentDate, ExpectedGraduationDate = k.Student.ExpectedGraduationDate,
                    RegistryStatus = k.Student.RegistryStatus, Phone = k.Student.Phone,
                    PhoneByStudentAt = k.Student.PhoneByStudentAt, Email = k.Student.Email, EmailByStudentAt = k.Student.EmailByStudentAt,
                    FormerName = k.Student.FormerName, IntakeType = k.Student.IntakeType, Department = k.Student.Department,
                    Remark = k.Student.Remark,
                },
                k.Student.College.Name, k.Student.Major.Name, k.Student.Class.Name,
                db.AdmissionPhotos.Any(p => p.StudentId == k.StudentId && p.IsCurrent),
                new StudentCheck
                {
                    Id = k.Id, CampaignId = k.CampaignId, StudentId = k.StudentId, State = k.State, FirstViewedAt = k.FirstViewedAt,
                    LastViewedAt = k.LastViewedAt, ConfirmedAt = k.ConfirmedAt, DeadlineOverride = k.DeadlineOverride,
                    XuexinState = k.XuexinState, XuexinHasAccount = k.XuexinHasAccount, XuexinRecordFound = k.XuexinRecordFound,
                    XuexinInfoCorrect = k.XuexinInfoCorrect, XuexinPhotoCorrect = k.XuexinPhotoCorrect, XuexinWrongFields = k.XuexinWrongFields,
                    XuexinRecordedAt = k.XuexinRecordedAt, XuexinIsLate = k.XuexinIsLate,
                    Campaign = new Campaign
                    {
                        Id = k.CampaignId, Name = k.Campaign.Name, OpensAt = k.Campaign.OpensAt, Deadline = k.Campaign.Deadline,
                        XuexinOpensAt = k.Campaign.XuexinOpensAt, XuexinDeadline = k.Campaign.XuexinDeadline, XuexinOpenedAt = k.Campaign.XuexinOpenedAt,
                    },
                },
                db.Reports.Any(r => r.StudentId == k.StudentId && r.CampaignId == k.CampaignId)) { MajorCode = k.Student.Major.Code })
            .FirstOrDefault());

    /// <summary>
    /// The student, the check in the current campaign of their cohort (a display copy) and two flags, in one query;
    /// null when there is no such check (no current campaign, or a student added after it opened).
    /// </summary>
    private Task<PageRow?> ReadCurrentAsync(int studentId, CancellationToken ct) => CurrentQuery(db, studentId, clock.UtcNow, ct);

    /// <summary>The rare path: the student alone, and the current check found or created (tracked) as everywhere else.</summary>
    private async Task<PageRow?> ReadWithoutCurrentCheckAsync(int studentId, CancellationToken ct)
    {
        var row = await db.Students.AsNoTracking()
            .Where(s => s.Id == studentId)
            .Select(s => new
            {
                Student = s, College = s.College.Name, Major = s.Major.Name, MajorCode = s.Major.Code, Class = s.Class.Name,
                HasPhoto = db.AdmissionPhotos.Any(p => p.StudentId == s.Id && p.IsCurrent),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var check = await checks.CurrentCheckAsync(studentId, ct);
        // Not counted on this rare path: a saved check may have reports, so the page looks.
        var mayHaveReports = check is not null && check.Id != 0;
        return new PageRow(row.Student, row.College, row.Major, row.Class, row.HasPhoto, check, mayHaveReports) { MajorCode = row.MajorCode };
    }

    /// <summary>Records the view (at most once a minute) and returns the check as it now stands.</summary>
    private async Task<StudentCheck> RecordViewAsync(StudentCheck check, CancellationToken ct)
    {
        var now = clock.UtcNow;
        if (check.FirstViewedAt is not null && check.LastViewedAt > now - LastViewedResolution)
        {
            return check;
        }

        if (db.Entry(check).State == EntityState.Detached)
        {
            // The page read a display copy; the write works on the whole row, tracked, whose Version guards the update.
            check = await db.StudentChecks.Include(c => c.Campaign).SingleAsync(c => c.Id == check.Id, ct);
        }

        check.FirstViewedAt ??= now;
        check.LastViewedAt = now;
        await checks.RecalculateAsync(check, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another tab recorded the view at the same moment: the view is recorded either way.
            logger.LogDebug("Concurrent view of check {CheckId}", check.Id);
        }

        return check;
    }

    private async Task<List<ReportView>> LoadReportsAsync(int studentId, int campaignId, bool isOpen, CancellationToken ct)
    {
        var reports = await db.Reports.AsNoTracking()
            .Where(r => r.StudentId == studentId && r.CampaignId == campaignId)
            .OrderByDescending(r => r.SubmittedAt)
            .Select(r => new
            {
                r.Id, r.Field, r.Kind, r.ShownValue, r.ProposedValue, r.Reason, r.Status, r.IsLate, r.ReturnQuestion, r.StudentAnswer,
                r.RejectionReason, r.SubmittedAt, r.SeenOn,
                Evidence = r.Evidence.Select(e => new EvidenceView(e.Id, e.FileName, e.ContentType, e.SizeBytes)).ToList(),
                History = r.History.OrderBy(h => h.At).Select(h => new HistoryView(h.FromStatus, h.ToStatus, h.At, h.ActorName, h.Note)).ToList(),
            })
            .ToListAsync(ct);
        return reports.Select(r => new ReportView(
                r.Id, r.Field, r.Kind, r.ShownValue, r.ProposedValue, r.Reason, r.Status, r.IsLate, r.ReturnQuestion, r.StudentAnswer,
                r.RejectionReason, r.SubmittedAt, isOpen && ReportRules.StudentMayWithdraw(r.Status), r.Evidence, r.History) { SeenOn = r.SeenOn })
            .ToList();
    }
}
