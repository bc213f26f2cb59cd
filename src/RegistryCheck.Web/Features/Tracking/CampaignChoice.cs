namespace RegistryCheck.Web.Features.Tracking;

/// <summary>The campaigns to choose from and the one shown (the one asked for, else the latest open one).</summary>
public sealed record CampaignChoice(IReadOnlyList<CampaignOption> Options, CampaignOption Selected);
