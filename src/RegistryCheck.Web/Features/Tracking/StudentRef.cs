namespace RegistryCheck.Web.Features.Tracking;

/// <summary>A student found inside the caller's scope.</summary>
public sealed record StudentRef(int Id, string StudentNumber, int ClassId, int CollegeId, int Cohort);
