namespace RegistryCheck.Data.Entities;

/// <summary>A CAS service ticket the portal has validated (SHA-256, hex): a second use is refused by the primary key.</summary>
public class SsoTicketUse
{
    public required string TicketHash { get; set; }
    public DateTime UsedAt { get; set; }
}
