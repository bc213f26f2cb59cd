namespace RegistryCheck.Web.Features.Staff;

/// <summary>What an action on one staff account came to; the controller turns it into a flash message.</summary>
public enum StaffActionOutcome
{
    Done,
    NotFound,
    Self,
    LastAdministrator,
    Failed,
}
