namespace RegistryCheck.Data.Entities;

/// <summary>Where a student stands in a campaign. Viewed-but-not-confirmed is a state of its own.</summary>
public enum CheckState
{
    NotViewed = 0,
    Viewed = 1,
    Confirmed = 2,
    /// <summary>At least one report is open.</summary>
    Reported = 3,
    /// <summary>Every report was corrected or rejected.</summary>
    Resolved = 4,
}
