using System.Globalization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Import;

internal static class ImportAudit
{
    public static AuditEntry Entry(ImportJob job, ImportJobOptions options, DateTime now, string details) => new()
    {
        At = now,
        ActorUserId = options.CommittedByUserId ?? job.CreatedByUserId,
        ActorName = options.CommittedByName,
        Action = AuditActions.Import,
        TargetType = nameof(ImportJob),
        TargetId = job.Id.ToString(CultureInfo.InvariantCulture),
        Details = details.Length <= 2000 ? details : details[..2000],
        IpAddress = options.CommittedFromIp,
        Succeeded = true,
    };
}
