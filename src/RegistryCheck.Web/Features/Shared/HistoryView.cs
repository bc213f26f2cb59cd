using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>One step of a report's status history.</summary>
public sealed record HistoryView(ReportStatus? From, ReportStatus To, DateTime At, string ActorName, string? Note);
