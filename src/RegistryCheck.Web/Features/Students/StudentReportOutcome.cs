namespace RegistryCheck.Web.Features.Students;

/// <summary>What a student's action on an own report came to.</summary>
public enum StudentReportOutcome
{
    Done,
    NotFound,
    Closed,
    NotAllowedInStatus,
    ChangedMeanwhile,
}
