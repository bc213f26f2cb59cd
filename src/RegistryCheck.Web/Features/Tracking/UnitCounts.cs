namespace RegistryCheck.Web.Features.Tracking;

/// <summary>One row of a progress table: a class or a college.</summary>
public sealed record UnitCounts(int Id, string Name, StateCounts Counts);
