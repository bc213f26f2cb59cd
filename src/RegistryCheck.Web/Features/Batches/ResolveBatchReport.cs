using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>The registrar's decision on one report of a batch: corrected (the record changes) or not corrected.</summary>
public sealed class ResolveBatchReportHandler(
    RegistryDbContext db, ReportTransitions transitions, ILogger<ResolveBatchReportHandler> logger)
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
        var batch = report.Batch;
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

        await transitions.RecalculateAsync(report, ct);
        var outcome = await transitions.SaveAsync(ct);
        logger.LogInformation("Report {ReportId} resolved as {Status}: {Outcome}", reportId, correct ? ReportStatus.Corrected : ReportStatus.Rejected, outcome);
        return (outcome, null);
    }

    /// <summary>Writes the proposed value into the record; returns a problem (a message key) when it cannot.</summary>
    private async Task<UserMessage?> ApplyAsync(CorrectionReport report, ClaimsPrincipal user, CancellationToken ct)
    {
        var s = report.Student;
        if (report.Field == RecordField.Photo)
        {
            // The bytes are replaced by the registrar's photo import; the report only records the decision.
            return null;
        }

        var names = await db.Students.Where(x => x.Id == s.Id)
            .Select(x => new { College = x.College.Name, Major = x.Major.Name, Class = x.Class.Name }).FirstAsync(ct);
        var old = RecordSnapshot.ValueOf(s, report.Field, names.College, names.Major, names.Class);
        var value = report.ProposedValue;
        var newText = value;
        switch (report.Field)
        {
            case RecordField.Name:
                s.Name = NameNormalizer.Normalize(value);
                newText = s.Name;
                break;
            case RecordField.Gender:
                if (value is not ("男" or "女"))
                {
                    return new UserMessage("性别只能是“男”或“女”。");
                }

                s.Gender = value == "男" ? Gender.Male : Gender.Female;
                break;
            case RecordField.BirthDate or RecordField.EnrollmentDate or RecordField.ExpectedGraduationDate:
                if (!DateOnly.TryParseExact(value, RecordSnapshot.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return new UserMessage("日期格式应为 2008-03-15");
                }

                if (report.Field == RecordField.BirthDate)
                {
                    s.BirthDate = date;
                }
                else if (report.Field == RecordField.EnrollmentDate)
                {
                    s.EnrollmentDate = date;
                }
                else
                {
                    s.ExpectedGraduationDate = date;
                }

                break;
            case RecordField.Ethnicity:
                s.Ethnicity = value;
                break;
            case RecordField.PoliticalStatus:
                s.PoliticalStatus = value;
                break;
            case RecordField.IdType:
                s.IdType = value;
                break;
            case RecordField.IdNumber:
                if (s.IdType == RecordDefaults.IdTypeResidentCard && !IdNumber.Parse(value).IsValid)
                {
                    return new UserMessage("证件号码无效，不能更正。");
                }

                var id = s.IdType == RecordDefaults.IdTypeResidentCard ? IdNumber.Parse(value).Value! : value;
                if (await db.Students.AnyAsync(x => x.IdNumber == id && x.Id != s.Id, ct))
                {
                    return new UserMessage("该证件号码已属于另一名学生，不能更正。");
                }

                s.IdNumber = id;
                newText = id;
                break;
            case RecordField.ExamNumber:
                s.ExamNumber = value;
                break;
            case RecordField.StudentNumber:
                if (await db.Students.AnyAsync(x => x.StudentNumber == value && x.Id != s.Id, ct))
                {
                    return new UserMessage("该学号已属于另一名学生，不能更正。");
                }

                s.StudentNumber = value;
                break;
            case RecordField.SchoolName:
                s.SchoolName = value;
                break;
            case RecordField.Level:
                s.Level = value;
                break;
            case RecordField.College:
                // A change of college moves the student's major and class too: that is a roster import, not a field edit.
                return new UserMessage("院系变更需同时调整专业和班级，请通过名单导入处理后再将此报告标记为未予更正并说明。");
            case RecordField.Major:
                var major = await db.Majors.FirstOrDefaultAsync(m => m.CollegeId == s.CollegeId && m.Name == value, ct);
                if (major is null)
                {
                    return new UserMessage("本学院没有名为“{0}”的专业。", value);
                }

                s.MajorId = major.Id;
                break;
            case RecordField.Class:
                var cls = await db.Classes.FirstOrDefaultAsync(c => c.CollegeId == s.CollegeId && c.Name == value, ct);
                if (cls is null)
                {
                    return new UserMessage("本学院没有名为“{0}”的班级。", value);
                }

                s.ClassId = cls.Id;
                break;
            case RecordField.LengthOfStudy:
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var years) || years is < 1 or > 8)
                {
                    return new UserMessage("学制请填写 1 到 8 之间的整数（年）");
                }

                s.LengthOfStudy = years;
                break;
            case RecordField.StudyForm:
                s.StudyForm = value;
                break;
            case RecordField.EducationCategory:
                s.EducationCategory = value;
                break;
            case RecordField.RegistryStatus:
                s.RegistryStatus = value;
                break;
            case RecordField.Phone:
                s.Phone = value;
                break;
            default:
                return new UserMessage("该项目不能在此更正。");
        }

        var now = transitions.Now;
        s.UpdatedAt = now;
        db.RecordChanges.Add(new StudentRecordChange
        {
            StudentId = s.Id, Field = report.Field, OldValue = old, NewValue = newText, At = now, ReportId = report.Id, ActorUserId = user.GetUserId(),
        });
        return null;
    }
}
