namespace RegistryCheck.Web.Features.Shared;

/// <summary>
/// Settings "Corrections" for keeping evidence (PIPL: scans of ID cards no longer than needed). A closed campaign's
/// evidence goes <see cref="EvidenceRetention"/> after it closed, once none of its reports is open; a withdrawn
/// report's files go <see cref="WithdrawnEvidenceRetention"/> after the withdrawal. Reports and their history stay.
/// </summary>
public sealed class EvidenceRetentionOptions
{
    public const string Section = "Corrections";

    public TimeSpan EvidenceRetention { get; set; } = TimeSpan.FromDays(180);

    public TimeSpan WithdrawnEvidenceRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each instance's job looks for evidence that is due.</summary>
    public TimeSpan EvidencePurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When a closed campaign's evidence is due; null while it is open (the date is not known yet).</summary>
    public DateTime? PurgeDueAt(DateTime? closedAt) => closedAt + EvidenceRetention;
}
