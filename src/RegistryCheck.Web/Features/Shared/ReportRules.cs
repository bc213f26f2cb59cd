using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>Which report statuses are still open, and what a student may still do with a report.</summary>
public static class ReportRules
{
    /// <summary>A report can be withdrawn until it is in a college batch.</summary>
    public static bool StudentMayWithdraw(ReportStatus status) =>
        status is ReportStatus.Submitted or ReportStatus.ReturnedToStudent or ReportStatus.Verified;

    /// <summary>Statuses in which a report still waits for someone; as an array so EF can translate Contains.</summary>
    public static readonly ReportStatus[] OpenStatuses =
        [ReportStatus.Submitted, ReportStatus.ReturnedToStudent, ReportStatus.Verified, ReportStatus.InBatch];

    public static bool IsOpen(ReportStatus status) => OpenStatuses.Contains(status);
}
