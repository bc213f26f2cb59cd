using System.Text.Json;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

/// <summary>Options chosen at upload and who committed, kept in <see cref="ImportJob.Options"/>.</summary>
public sealed class ImportJobOptions
{
    public bool CreateUnknown { get; set; }
    public PhotoMatch MatchBy { get; set; }
    public int? CommittedByUserId { get; set; }
    public string? CommittedByName { get; set; }
    public string? CommittedFromIp { get; set; }

    /// <summary>The registrar ticked "import the proposed rows as 专升本" in the preview's commit form.</summary>
    public bool ConfirmUpgrade { get; set; }

    public static ImportJobOptions Read(string? json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<ImportJobOptions>(json, ImportJson.Options) ?? new();

    public string Write() => JsonSerializer.Serialize(this, ImportJson.Options);
}
