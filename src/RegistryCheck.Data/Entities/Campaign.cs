namespace RegistryCheck.Data.Entities;

/// <summary>A yearly check for one cohort (年级), with its opening time and deadline (UTC).</summary>
public class Campaign : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int Cohort { get; set; }
    public DateTime OpensAt { get; set; }
    public DateTime Deadline { get; set; }
    /// <summary>Set when the registrar closes the campaign; a closed campaign is history.</summary>
    public DateTime? ClosedAt { get; set; }
    /// <summary>
    /// 汇总截止: the date by which each college submits its batch (or its 零报告). Null for campaigns made before it
    /// existed: their batch pages show "no summary deadline set" until the registrar sets one.
    /// </summary>
    public DateTime? SummaryDeadline { get; set; }
    /// <summary>
    /// Schools commonly forbid changing 姓名 and 证件号码 in one campaign (the record would lose its identity). On by
    /// default; the registrar switches it per campaign.
    /// </summary>
    public bool ForbidNameAndIdNumberTogether { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public int? CreatedByUserId { get; set; }
    public int Version { get; set; }
}
