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
}
