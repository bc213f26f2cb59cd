using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>The registrar's decision on one report of a batch: corrected (the record changes) or not corrected.</summary>
public sealed class ResolveBatchReportHandler(
    RegistryDbContext db, ReportTransitions transitions, AuditLog audit, ILogger<ResolveBatchReportHandler> logger)
{
    /// <summary>
    /// Corrected: the record takes the proposed value and keeps the old one (StudentRecordChange with the report's
    /// id). Rejected: with a reason the student sees. The batch opens on the first decision if it was not yet, and is
    /// completed with the last one.
    /// </summary>
    public async Task<(StaffOutcome Outcome, UserMessage? Problem)> ResolveAsync(
        ClaimsPrincipal user, int reportId, int version, bool correct, string? reason, CancellationToken ct)
    {
        var report = await db.Reports.Include(r => r.Student).Include(r => r.Batch).FirstOrDefaultAsync(r => r.Id == reportId, ct);
        if (report?.Batch is null || report.Batch.Status == BatchStatus.Draft)
        {
            return (StaffOutcome.NotFound, null);
        }

        if (report.Version != version)
        {
            return (StaffOutcome.ChangedMeanwhile, null);
        }

        if (report.Status != ReportStatus.InBatch)
        {
            return (StaffOutcome.NotAllowedInStatus, null);
        }

        var note = TextInput.Clean(reason);
        if (note.Length > FieldLengths.Note)
        {
            note = note[..FieldLengths.Note];
        }

        if (!correct && note.Length == 0)
        {
            return (StaffOutcome.Invalid, new UserMessage("请填写未予更正的原因，学生会看到。"));
        }

        transitions.Expect(report, version);
        var now = transitions.Now;
        if (correct)
        {
            var problem = await ApplyAsync(report, user, ct);
            if (problem is not null)
            {
                return (StaffOutcome.Invalid, problem);
            }

            transitions.Move(report, ReportStatus.Corrected, user,
                report.Field == RecordField.Photo ? "照片请通过照片导入替换" : note.Length == 0 ? null : note);
        }
        else
        {
            report.RejectionReason = note;
            transitions.Move(report, ReportStatus.Rejected, user, note);
        }

        report.ResolvedAt = now;
        await AdvanceBatchAsync(report, report.Batch, now, ct);
        await transitions.RecalculateAsync(report, ct);
        var outcome = await transitions.SaveAsync(ct);
        logger.LogInformation("Report {ReportId} resolved as {Status}: {Outcome}", reportId, correct ? ReportStatus.Corrected : ReportStatus.Rejected, outcome);
        return (outcome, null);
    }

    /// <summary>The batch opens on its first decision and is completed with its last.</summary>
    private async Task AdvanceBatchAsync(CorrectionReport report, CollegeBatch batch, DateTime now, CancellationToken ct)
    {
        if (batch.Status == BatchStatus.Submitted)
        {
            batch.Status = BatchStatus.Opened;
            batch.OpenedAt = now;
        }

        var othersOpen = await db.Reports.AnyAsync(r => r.BatchId == batch.Id && r.Id != report.Id && r.Status == ReportStatus.InBatch, ct);
        if (!othersOpen)
        {
            batch.Status = BatchStatus.Completed;
        }
    }

    /// <summary>
    /// Writes the proposed value into the record through the field's rule (the same rule the form and the import use);
    /// returns a problem (a message key) when it cannot, and then changes nothing.
    /// </summary>
    private async Task<UserMessage?> ApplyAsync(CorrectionReport report, ClaimsPrincipal user, CancellationToken ct)
    {
        var s = report.Student;
        if (report.Field == RecordField.Photo)
        {
            // The bytes are replaced by the registrar's photo import; the report only records the decision.
            return null;
        }

        var rule = FieldRules.For(report.Field);
        var check = rule.Check(report.ProposedValue, new FieldContext(transitions.Today, IdType: s.IdType));
        if (!check.IsValid)
        {
            return new UserMessage(check.Message!, check.Args);
        }

        var names = await db.Students.Where(x => x.Id == s.Id)
            .Select(x => new { College = x.College.Name, Major = x.Major.Name, Class = x.Class.Name }).FirstAsync(ct);
        var old = RecordSnapshot.ValueOf(s, report.Field, names.College, names.Major, names.Class);
        var value = check.Value!;
        var problem = report.Field switch
        {
            RecordField.College =>
                // A change of college moves the student's major and class too: that is a roster import, not a field edit.
                new UserMessage("院系变更需同时调整专业和班级，请通过名单导入处理后再将此报告标记为未予更正并说明。"),
            RecordField.Major => MoveTo(
                await db.Majors.Where(m => m.CollegeId == s.CollegeId && m.Name == value).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct),
                id => s.MajorId = id, new UserMessage("本学院没有名为“{0}”的专业。", value)),
            RecordField.Class => MoveTo(
                await db.Classes.Where(c => c.CollegeId == s.CollegeId && c.Name == value).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct),
                id => s.ClassId = id, new UserMessage("本学院没有名为“{0}”的班级。", value)),
            RecordField.IdNumber when await db.Students.AnyAsync(x => x.IdNumber == value && x.Id != s.Id, ct) =>
                new UserMessage("该证件号码已属于另一名学生，不能更正。"),
            RecordField.StudentNumber => await RenameAccountAsync(s, value, ct),
            _ when !rule.IsStoredOnStudent || !rule.Reportable => new UserMessage("该项目不能在此更正。"),
            _ => null,
        };
        if (problem is not null)
        {
            return problem;
        }

        var now = transitions.Now;
        if (rule.IsStoredOnStudent)
        {
            rule.Apply(s, value);
        }

        if (report.Field == RecordField.Name)
        {
            await NameChangedAsync(report, s, old, now, user, ct);
        }

        s.UpdatedAt = now;
        db.RecordChanges.Add(new StudentRecordChange
        {
            StudentId = s.Id, Field = report.Field, OldValue = old, NewValue = value, At = now, ReportId = report.Id, ActorUserId = user.GetUserId(),
        });
        return null;
    }

    /// <summary>A new major or class is one of that name in the student's own college (found: its id), else why not.</summary>
    private static UserMessage? MoveTo(int? unitId, Action<int> move, UserMessage notFound)
    {
        if (unitId is null)
        {
            return notFound;
        }

        move(unitId.Value);
        return null;
    }

    /// <summary>
    /// 学号 is the sign-in name: the new one must belong to no other student and to no staff account, as at import.
    /// The account is renamed with a new security stamp, so the student's session ends and the next sign-in uses the
    /// new number; the unique index on the normalised user name settles a race with a staff account created meanwhile.
    /// </summary>
    private async Task<UserMessage?> RenameAccountAsync(Student s, string value, CancellationToken ct)
    {
        if (await db.Students.AnyAsync(x => x.StudentNumber == value && x.Id != s.Id, ct))
        {
            return new UserMessage("该学号已属于另一名学生，不能更正。");
        }

        var normalized = value.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized && u.StudentId != s.Id, ct))
        {
            return new UserMessage("学号 {0} 与一个工作人员账号的用户名相同，不能更正。", value);
        }

        var account = await db.Users.FirstOrDefaultAsync(u => u.StudentId == s.Id, ct);
        if (account is not null)
        {
            var oldName = account.UserName;
            account.UserName = value;
            account.NormalizedUserName = normalized;
            account.SecurityStamp = Guid.NewGuid().ToString("N");
            account.ConcurrencyStamp = Guid.NewGuid().ToString();
            audit.Add(AuditActions.AccountRenamed, "user", account.Id, $"student={s.Id};from={oldName};to={value}");
            logger.LogInformation("Account {UserId} of student {StudentId} renamed after a 学号 correction", account.Id, s.Id);
        }

        return null;
    }

    /// <summary>The account shows the record's name; a 更改 of 姓名 keeps the admission name as 曾用名.</summary>
    private async Task NameChangedAsync(CorrectionReport report, Student s, string old, DateTime now, ClaimsPrincipal user, CancellationToken ct)
    {
        // Tracked, not ExecuteUpdate: the new display name is saved with the decision or not at all.
        if (await db.Users.FirstOrDefaultAsync(u => u.StudentId == s.Id, ct) is { } account)
        {
            account.DisplayName = s.Name;
        }

        // A 学信网-only report may confirm the name the portal already holds: nothing was renamed, so no 曾用名.
        if (report.Kind == CorrectionKind.Change && s.FormerName != old && old != s.Name)
        {
            db.RecordChanges.Add(new StudentRecordChange
            {
                StudentId = s.Id, Field = RecordField.FormerName, OldValue = s.FormerName ?? "", NewValue = old, At = now, ReportId = report.Id,
                ActorUserId = user.GetUserId(),
            });
            s.FormerName = old;
        }
    }
}
