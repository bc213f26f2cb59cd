namespace RegistryCheck.Web.Features.Shared;

/// <summary>An evidence file of a report, without its bytes.</summary>
public sealed record EvidenceView(int Id, string FileName, string ContentType, int SizeBytes);
