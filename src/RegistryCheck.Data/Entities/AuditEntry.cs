namespace RegistryCheck.Data.Entities;

/// <summary>
/// Append-only audit log. The context refuses to update or delete entries. Details hold ids and counts,
/// never personal data such as ID numbers or names.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public int? ActorUserId { get; set; }
    public string? ActorName { get; set; }
    public required string Action { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? Details { get; set; }
    public string? IpAddress { get; set; }
    public bool Succeeded { get; set; } = true;

    /// <summary>
    /// How many events this row stands for: 1, except for refused anonymous sign-ins, which are counted in memory and
    /// written as one row per kind, account key and address group for each flush period (ADR-019).
    /// </summary>
    public int Count { get; set; } = 1;

    /// <summary>The last of the <see cref="Count"/> events (<see cref="At"/> is the first); null for single events.</summary>
    public DateTime? LastAt { get; set; }
}
