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
    /// <summary>
    /// True: the campaign takes every intake type that no other open campaign of the cohort names (the 新生 campaign).
    /// False: it takes exactly the types in <see cref="IntakeTypes"/> (the 专升本 campaign).
    /// </summary>
    public bool TargetsRemainingTypes { get; set; } = true;
    public List<CampaignIntakeType> IntakeTypes { get; set; } = [];
    /// <summary>The 学信网 check's announced opening date, shown to students while it is not open (may be null: "待通知").</summary>
    public DateTime? XuexinOpensAt { get; set; }
    /// <summary>The 学信网 check's own deadline; null means the portal check's <see cref="Deadline"/>.</summary>
    public DateTime? XuexinDeadline { get; set; }
    /// <summary>When the registrar declared "学信网数据已上传": only then can students record their 学信网 result.</summary>
    public DateTime? XuexinOpenedAt { get; set; }
    public int? XuexinOpenedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public int? CreatedByUserId { get; set; }
    public int Version { get; set; }
}
