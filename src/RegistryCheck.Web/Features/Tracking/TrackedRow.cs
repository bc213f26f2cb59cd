using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>Where a check and its student travel together through the filters of a list.</summary>
public sealed class TrackedRow
{
    public required StudentCheck Check { get; init; }
    public required Student Student { get; init; }
}
