using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>One report as the batch pages list it (the college's page and the batch page).</summary>
public sealed record BatchReportRow(
    int Id, int Version, string StudentNumber, string StudentName, string ClassName, RecordField Field, string ShownValue,
    string ProposedValue, bool NeedsApproval, string? CounselorNote, ReportStatus Status, DateTime? VerifiedAt, string? RejectionReason,
    CorrectionKind Kind)
{
    public static IQueryable<BatchReportRow> Query(IQueryable<CorrectionReport> reports) =>
        reports.OrderBy(r => r.Student.Class.Name).ThenBy(r => r.Student.StudentNumber).ThenBy(r => r.Id)
            .Select(r => new BatchReportRow(r.Id, r.Version, r.Student.StudentNumber, r.Student.Name, r.Student.Class.Name, r.Field,
                r.ShownValue, r.ProposedValue, r.NeedsProvincialApproval, r.CounselorNote, r.Status, r.VerifiedAt, r.RejectionReason, r.Kind));
}
