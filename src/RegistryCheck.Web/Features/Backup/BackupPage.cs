using RegistryCheck.Web.Infrastructure.Database;

namespace RegistryCheck.Web.Features.Backup;

/// <summary>The backup page: the last result, if the administrator just ran one.</summary>
public sealed record BackupPage(BackupResult? Result);
