using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Corrections;

public sealed class ReviewQueueQuery
{
    public ReportStatus? Status { get; set; }
    public int? ClassId { get; set; }
    public int Page { get; set; } = 1;
}

public sealed record QueueRow(
    int Id, string StudentNumber, string StudentName, string ClassName, RecordField Field, string CurrentValue,
    string ProposedValue, ReportStatus Status, bool NeedsApproval, bool IsLate, DateTime SubmittedAt, int EvidenceCount);

public sealed record ReviewQueueView(
    ReviewQueueQuery Query, IReadOnlyList<QueueRow> Rows, int Total, int Page, int Pages, IReadOnlyList<ClassOption> Classes,
    IReadOnlyDictionary<ReportStatus, int> Counts);

/// <summary>
/// The counselor's list: the open reports of the classes in scope, those waiting for the counselor first.
/// Values are shown as the record holds them now; ID numbers are masked here as in every list.
/// </summary>
public sealed class ReviewQueueHandler(RegistryDbContext db)
{
    public const int PageSize = 50;

    public async Task<ReviewQueueView> HandleAsync(ScopeFilter scope, ReviewQueueQuery query, CancellationToken ct)
    {
        var students = scope.Students(db.Students);
        var open = db.Reports.AsNoTracking()
            .Where(r => ReportRules.OpenStatuses.Contains(r.Status) && students.Any(s => s.Id == r.StudentId));
        var counts = await open.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        var filtered = open;
        if (query.Status is { } status)
        {
            filtered = filtered.Where(r => r.Status == status);
        }

        if (query.ClassId is { } classId)
        {
            filtered = filtered.Where(r => r.Student.ClassId == classId);
        }

        var total = await filtered.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        var rows = await filtered
            .OrderBy(r => r.Status == ReportStatus.Submitted ? 0 : r.Status == ReportStatus.ReturnedToStudent ? 1 : 2)
            .ThenBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(r => new
            {
                r.Id, r.Student.StudentNumber, StudentName = r.Student.Name, ClassName = r.Student.Class.Name, r.Field, Student = r.Student,
                College = r.Student.College.Name, Major = r.Student.Major.Name, r.ProposedValue, r.Status, r.NeedsProvincialApproval,
                r.IsLate, r.SubmittedAt, EvidenceCount = r.Evidence.Count,
            })
            .ToListAsync(ct);
        var classes = await scope.Classes(db.Classes).OrderBy(c => c.Name).Select(c => new ClassOption(c.Id, c.Name)).ToListAsync(ct);
        return new ReviewQueueView(query,
            rows.Select(r => new QueueRow(r.Id, r.StudentNumber, r.StudentName, r.ClassName, r.Field,
                ListValue.Of(r.Field, CurrentValue(r.Student, r.Field, r.College, r.Major, r.ClassName)), ListValue.Of(r.Field, r.ProposedValue),
                r.Status, r.NeedsProvincialApproval, r.IsLate, r.SubmittedAt, r.EvidenceCount)).ToList(),
            total, page, pages, classes, counts);
    }

    public static string CurrentValue(Student s, RecordField field, string college, string major, string className) =>
        field == RecordField.Photo ? "录取照片" : RecordSnapshot.ValueOf(s, field, college, major, className);
}
