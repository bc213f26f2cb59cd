namespace RegistryCheck.Data.Entities;

/// <summary>One student's check in one campaign: the state, its timestamps, exemption and deadline extension.</summary>
public class StudentCheck : IVersioned
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public Campaign Campaign { get; set; } = null!;
    public int StudentId { get; set; }
    public Student Student { get; set; } = null!;
    public CheckState State { get; set; }
    public DateTime? FirstViewedAt { get; set; }
    public DateTime? LastViewedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime StateChangedAt { get; set; }
    /// <summary>A deadline the registrar extended for this student alone.</summary>
    public DateTime? DeadlineOverride { get; set; }
    /// <summary>保留入学资格, 放弃入学资格, 预科…: no check needed, and out of the counts.</summary>
    public bool IsExempt { get; set; }
    public string? ExemptReason { get; set; }
    public DateTime? LastNudgeAt { get; set; }
    public NudgeChannel? LastNudgeChannel { get; set; }
    /// <summary>The 学信网 check, recorded by the student beside the portal check (<see cref="XuexinStates"/>).</summary>
    public XuexinState XuexinState { get; set; }
    public bool? XuexinHasAccount { get; set; }
    public bool? XuexinRecordFound { get; set; }
    public bool? XuexinInfoCorrect { get; set; }
    public bool? XuexinPhotoCorrect { get; set; }
    /// <summary>The fields the student saw wrong on 学信网, as RecordField names joined by commas.</summary>
    public string? XuexinWrongFields { get; set; }
    public DateTime? XuexinFirstRecordedAt { get; set; }
    public DateTime? XuexinRecordedAt { get; set; }
    public DateTime? XuexinStateChangedAt { get; set; }
    /// <summary>The last 学信网 result came after the 学信网 deadline (kept, and marked).</summary>
    public bool XuexinIsLate { get; set; }
    /// <summary>The campaign this check came from when a narrowing campaign or an intake-type change moved it.</summary>
    public int? MovedFromCampaignId { get; set; }
    public DateTime? MovedAt { get; set; }
    public int Version { get; set; }
}
