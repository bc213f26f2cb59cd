namespace RegistryCheck.Web.Features.Tracking;

/// <summary>A campaign the tracking pages can show: an open one (not closed).</summary>
public sealed record CampaignOption(int Id, string Name, int Cohort, DateTime OpensAt, DateTime Deadline, DateTime? XuexinOpenedAt = null);
