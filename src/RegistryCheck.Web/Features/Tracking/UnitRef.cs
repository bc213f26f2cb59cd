namespace RegistryCheck.Web.Features.Tracking;

/// <summary>A staff member's reach into one class or one college, after the scope check.</summary>
public sealed record UnitRef(TrackingUnit Kind, int Id, string Name, int CollegeId, int? Cohort);
