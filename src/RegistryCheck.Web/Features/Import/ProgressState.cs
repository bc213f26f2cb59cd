using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

public sealed record ProgressState(ImportStatus Status, int Processed, int Total);
