using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>
/// Who may open a batch's packet or a report's form: the registrar for a batch the college has submitted (drafts stay
/// with the college, as on the batch pages), the college administrator for the own college's batches.
/// </summary>
public static class PacketRules
{
    public static bool MayOpen(ScopeFilter scope, int collegeId, BatchStatus? batch) =>
        batch is not null && scope.CoversCollege(collegeId) && !(scope.All && batch == BatchStatus.Draft);
}
