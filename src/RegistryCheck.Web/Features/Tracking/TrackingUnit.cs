namespace RegistryCheck.Web.Features.Tracking;

public enum TrackingUnit
{
    Class,
    College,
}
