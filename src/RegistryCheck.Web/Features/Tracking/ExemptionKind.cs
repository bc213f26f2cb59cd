namespace RegistryCheck.Web.Features.Tracking;

/// <summary>Why a student needs no check (<see cref="ExemptForm"/>); the label shown is <see cref="TrackingLabels.Exemption"/>.</summary>
public enum ExemptionKind
{
    /// <summary>保留入学资格.</summary>
    Deferred = 0,
    /// <summary>放弃入学资格.</summary>
    Withdrawn = 1,
    /// <summary>预科.</summary>
    Preparatory = 2,
    Other = 3,
}
