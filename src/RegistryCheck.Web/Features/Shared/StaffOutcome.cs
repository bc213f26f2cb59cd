namespace RegistryCheck.Web.Features.Shared;

/// <summary>What a staff action on a report or a batch came to; each maps to one message.</summary>
public enum StaffOutcome
{
    Done,
    NotFound,
    /// <summary>Someone else changed the row after the form was shown: nothing was overwritten.</summary>
    ChangedMeanwhile,
    NotAllowedInStatus,
    Invalid,
}
