using System.Text.Json;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

/// <summary>The preview or report kept in <see cref="ImportJob.ResultJson"/>.</summary>
public sealed class ImportResult
{
    public List<RejectedRow> Rejected { get; set; } = [];
    public List<string> IgnoredColumns { get; set; } = [];
    public List<string> NewColleges { get; set; } = [];
    public List<string> NewMajors { get; set; } = [];
    public List<string> NewClasses { get; set; } = [];
    public List<UnmatchedFile> Unmatched { get; set; } = [];
    public int WithoutPhotoCount { get; set; }
    public List<string> WithoutPhoto { get; set; } = [];

    public static ImportResult Read(string? json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<ImportResult>(json, ImportJson.Options) ?? new();

    public string Write() => JsonSerializer.Serialize(this, ImportJson.Options);
}
