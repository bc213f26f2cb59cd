namespace RegistryCheck.Web.Features.Tracking;

/// <summary>
/// The campaigns to choose from and the one shown (the one asked for, else the latest open one), and the intake types
/// (入学类别) of its students, to filter by.
/// </summary>
public sealed record CampaignChoice(IReadOnlyList<CampaignOption> Options, CampaignOption Selected, IReadOnlyList<string>? IntakeTypes = null);
