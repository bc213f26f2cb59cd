namespace RegistryCheck.Web.Infrastructure.Sso;

/// <summary>What the CAS handler needs from the portal's database: one use per ticket, and single logout.</summary>
public interface ICasTicketLedger
{
    /// <summary>Records the ticket as used; false when it was used before (on any instance).</summary>
    Task<bool> TryUseAsync(string ticketHash, CancellationToken ct);

    /// <summary>Ends the sessions signed in with this ticket; the number ended (0: not a ticket the portal knows).</summary>
    Task<int> EndSessionsAsync(string ticketHash, CancellationToken ct);
}
