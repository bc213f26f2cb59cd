namespace RegistryCheck.Web.Features.Tracking;

/// <summary>What an exemption or its undoing came to (<see cref="ExemptHandler"/>, <see cref="UnexemptHandler"/>).</summary>
public enum ExemptOutcome
{
    Done,
    NoCheck,
    ReasonNeeded,
}
