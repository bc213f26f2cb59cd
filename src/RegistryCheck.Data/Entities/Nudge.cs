namespace RegistryCheck.Data.Entities;

public enum NudgeChannel
{
    Phone = 0,
    WeChat = 1,
    InPerson = 2,
    Sms = 3,
    Other = 4,
    /// <summary>Delivered by the portal (issue 17): the outbox rows of the nudge say whether it arrived.</summary>
    Email = 5,
    WeCom = 6,
}

/// <summary>A counselor reminded a student to check (催查).</summary>
public class Nudge
{
    public long Id { get; set; }
    public int StudentCheckId { get; set; }
    public StudentCheck StudentCheck { get; set; } = null!;
    public NudgeChannel Channel { get; set; }
    public string? Note { get; set; }
    public DateTime At { get; set; }
    public int ByUserId { get; set; }
}
