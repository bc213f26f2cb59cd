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

    public static ImportJobOptions Read(string? json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<ImportJobOptions>(json, ImportJson.Options) ?? new();

    public string Write() => JsonSerializer.Serialize(this, ImportJson.Options);
}
